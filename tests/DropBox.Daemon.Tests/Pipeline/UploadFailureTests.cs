using DropBox.Daemon.Pipeline.Steps;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>A member's failure inside the parallel de-identification fails its upload, not the whole pass.</summary>
public sealed class UploadFailureTests
{
    [Fact]
    public void An_io_failure_of_a_member_wrapped_by_the_parallel_loop_fails_only_its_upload()
    {
        var wrapped = new AggregateException(new IOException("disk"), new AggregateException(new UnauthorizedAccessException()));

        Assert.True(UploadFailure.InPreparing(wrapped));
        Assert.True(UploadFailure.InPreparing(new IOException("disk")));
    }

    [Fact]
    public void A_wrapped_failure_that_is_not_the_uploads_own_still_fails_the_pass()
    {
        Assert.False(UploadFailure.InPreparing(new AggregateException(new IOException("disk"), new NullReferenceException())));
        Assert.False(UploadFailure.InPreparing(new OperationCanceledException()));
    }
}
