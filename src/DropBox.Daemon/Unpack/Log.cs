using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Unpack;

/// <summary>Unpack log messages (EventIds 1100-1199). Entry names are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Unpacked {MemberCount} member(s); {SetAsideCount} set aside as not DICOM")]
    public static partial void Unpacked(ILogger logger, int memberCount, int setAsideCount);

    [LoggerMessage(1101, LogLevel.Warning, "Refused a zip as a whole: {ReasonCode}")]
    public static partial void Refused(ILogger logger, string reasonCode);

    [LoggerMessage(1102, LogLevel.Information, "Repacked {MemberCount} member(s) into one zip")]
    public static partial void Repacked(ILogger logger, int memberCount);
}
