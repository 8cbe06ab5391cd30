using Quartz;

namespace DropBox.Daemon.Hosting;

/// <summary>Intake → de-identify → encrypt → outbox for one project; never two runs of one project at once.</summary>
[DisallowConcurrentExecution]
internal sealed class ProcessProjectJob(DaemonWork work) : IJob
{
    public const string ProjectKey = "project";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var project = context.MergedJobDataMap.GetString(ProjectKey)!;
        await work.ProcessAsync(project, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Sends a project's club_house to the receiving site; never two runs of one project at once.</summary>
[DisallowConcurrentExecution]
internal sealed class SyncProjectJob(DaemonWork work) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var project = context.MergedJobDataMap.GetString(ProcessProjectJob.ProjectKey)!;
        await work.SyncAsync(project, cancellationToken).ConfigureAwait(false);
    }
}
