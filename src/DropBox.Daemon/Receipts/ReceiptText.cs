using System.Globalization;
using System.Text;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Receipts;

/// <summary>
/// Renders a receipt as plain text for a person reading it in FileZilla's viewer (LF line ends, ASCII labels),
/// and reads back the two facts only the first receipt of an upload knows (its uploaded name and time received).
/// </summary>
internal static class ReceiptText
{
    private const string NameLabel = "Uploaded name:  ";
    private const string ReceivedLabel = "Received:       ";
    private const string UnknownName = "(not known: a file an administrator sent back for another try)";
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'";

    public static string Render(Receipt r)
    {
        var text = new StringBuilder();
        text.Append("DropBox upload receipt\n======================\n\n");
        Line(text, "Upload id:      ", r.UploadId);
        Line(text, "Project:        ", r.Project);
        Line(text, "Sender:         ", r.Sender);
        Line(text, ReceivedLabel, Time(r.Received));
        Line(text, NameLabel, r.UploadedName is null ? UnknownName : Printable(r.UploadedName));
        Line(text, "Size:           ", r.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        Line(text, "SHA-256:        ", r.Sha256 ?? "(not computed yet)");
        text.Append('\n');
        if (r.Published is { } p)
        {
            Line(text, "Result:         ", "SENT ON, de-identified and encrypted" + (r.Finished is { } f ? " at " + Time(f) : ""));
            Line(text, "Output:         ", $"{p.OutputName} (in {p.OutboxFolder})");
            Line(text, "De-identified:  ", $"{p.FilesDeidentified} file(s)");
            if (r.Held.Count > 0)
            {
                Line(text, "Held back:      ", $"{r.Held.Count} file(s) of the upload were NOT sent:");
                Held(text, r.Held);
            }
        }
        else if (r.Held.Count > 0)
        {
            Line(text, "Result:         ", "HELD, nothing of this upload was sent" + (r.Finished is { } f ? " (" + Time(f) + ")" : ""));
            Held(text, r.Held);
        }
        else
        {
            Line(text, "Result:         ", "received, being processed (this receipt is updated when it is done)");
        }
        text.Append("\nQuote the upload id when you ask the project's administrator about this upload.\n");
        return text.ToString();
    }

    /// <summary>The uploaded name and time received of an earlier receipt of the same upload (null when absent).</summary>
    public static (string? Name, DateTimeOffset? Received) ReadBack(string text)
    {
        string? name = null;
        DateTimeOffset? received = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(NameLabel, StringComparison.Ordinal) && !line.StartsWith(NameLabel + UnknownName, StringComparison.Ordinal))
            {
                name = line[NameLabel.Length..];
            }
            else if (line.StartsWith(ReceivedLabel, StringComparison.Ordinal)
                && DateTimeOffset.TryParseExact(line[ReceivedLabel.Length..], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                received = t;
            }
        }
        return (name, received);
    }

    private static void Held(StringBuilder text, IReadOnlyList<HeldFile> held)
    {
        foreach (var group in held.GroupBy(h => h.Code, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {group.Count()} file(s): {group.Key}: {ReasonCatalog.SenderAdvice(group.Key)}\n");
            text.Append(CultureInfo.InvariantCulture, $"    (quarantine item {string.Join(", ", group.Select(h => h.ItemId))})\n");
        }
    }

    private static void Line(StringBuilder text, string label, string value) => text.Append(label).Append(value).Append('\n');

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    // A name is the sender's own, but a control character (a newline) could forge a line of the receipt.
    private static string Printable(string name) => new([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
}
