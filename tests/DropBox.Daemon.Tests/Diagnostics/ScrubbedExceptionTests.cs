using DropBox.Daemon.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Diagnostics;

public sealed class ScrubbedExceptionTests
{
    [Fact]
    public void The_logged_exception_keeps_type_and_stack_but_not_the_path_in_the_message()
    {
        var caught = Catch(() => File.ReadAllBytes("/home/ji_liver/PKUHSC/gpg/Doe^John.dcm"));

        var text = ScrubbedException.From(caught).ToString();

        Assert.Contains("System.IO.DirectoryNotFoundException", text, StringComparison.Ordinal);
        Assert.Contains(nameof(Catch), text, StringComparison.Ordinal);   // a frame of the stack
        Assert.DoesNotContain("Doe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ji_liver", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_exceptions_are_scrubbed_too()
    {
        var outer = new InvalidOperationException("wrapping", new IOException("could not open '/data/Doe^John.dcm'"));

        var text = ScrubbedException.From(outer).ToString();

        Assert.Contains("System.IO.IOException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_step_is_logged_with_the_scrubbed_exception_attached()
    {
        var logger = new CapturingLogger();
        var caught = Catch(() => File.ReadAllBytes("/nonexistent-dbx/Doe^John.dcm"));

        DropBox.Daemon.Pipeline.Log.StepFailed(logger, "u-1", "publish", 1, PhiSafe.Describe(caught), ScrubbedException.From(caught));

        var logged = Assert.IsType<ScrubbedException>(Assert.Single(logger.Exceptions));
        Assert.Equal(typeof(DirectoryNotFoundException).FullName, logged.OriginalType);
        Assert.NotNull(logged.StackTrace);
    }

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new InvalidOperationException("expected an exception");
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<Exception?> Exceptions { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Exceptions.Add(exception);
    }
}
