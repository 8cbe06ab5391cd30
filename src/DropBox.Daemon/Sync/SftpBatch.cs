using System.Globalization;
using System.Text;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Builds an OpenSSH <c>sftp -b</c> batch: one command per line, every path double-quoted. Inside double
/// quotes sftp takes <c>\"</c> and <c>\\</c> as escapes and treats glob characters (<c>* ? [</c>) literally,
/// so only those two need escaping. A leading <c>-</c> makes a command's failure non-fatal.
/// </summary>
internal sealed class SftpBatch
{
    private readonly StringBuilder _text = new();

    /// <summary>Number of commands; sftp echoes each as a line starting with <c>sftp&gt; </c> before running it.</summary>
    public int Count { get; private set; }

    /// <summary>The batch text for sftp's standard input.</summary>
    public override string ToString() => _text.ToString();

    public SftpBatch Add(string command, params string[] paths)
    {
        _text.Append(command);
        foreach (var path in paths)
        {
            _text.Append(' ').Append(Quote(path));
        }

        _text.Append('\n');
        Count++;
        return this;
    }

    /// <summary>Double-quotes a path for the sftp batch parser.</summary>
    public static string Quote(string path)
    {
        if (path.Any(char.IsControl))
        {
            // A newline would end the command and start another: never let a file name write batch commands.
            throw new ArgumentException("a path with control characters cannot be sent with sftp", nameof(path));
        }

        return "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// The size column of one <c>ls -ln</c> line (<c>perms links uid gid size month day time name</c>); the
    /// name may hold spaces, so only the leading fields are read.
    /// </summary>
    public static bool TryParseListingSize(string line, out long size)
    {
        size = 0;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 6
            && fields[0].Length >= 10
            && fields[0][0] is '-'
            && long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    /// <summary>Splits stdout into the output of each command, using sftp's echo lines as separators.</summary>
    public static List<List<string>> SplitByCommand(string stdout)
    {
        var outputs = new List<List<string>>();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("sftp> ", StringComparison.Ordinal))
            {
                outputs.Add([]);
            }
            else if (outputs.Count > 0 && line.Length > 0)
            {
                outputs[^1].Add(line.TrimEnd('\r'));
            }
        }

        return outputs;
    }
}
