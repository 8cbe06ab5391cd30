namespace DropBox.Daemon;

internal static class AssemblyMarker;
