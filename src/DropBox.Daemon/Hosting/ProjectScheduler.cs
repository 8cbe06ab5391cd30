using DropBox.Daemon.Projects;
using Quartz;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// Keeps the Quartz jobs in line with the configuration in force: per project a process job every poll
/// interval and a sync job on the project's cron (none for a project without a far site). Misfires are not piled up: a missed poll simply waits for
/// the next, a missed sync does nothing (the next five-minute run sends everything that is waiting anyway).
/// </summary>
internal sealed class ProjectScheduler(ISchedulerFactory factory)
{
    private const string Group = "dropbox";

    public async Task ApplyAsync(DropBoxOptions options, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken).ConfigureAwait(false);
        foreach (var (name, project) in options.Projects)
        {
            var process = JobBuilder.Create<ProcessProjectJob>().WithIdentity("process-" + name, Group)
                .UsingJobData(ProcessProjectJob.ProjectKey, name).Build();
            var processTrigger = TriggerBuilder.Create().WithIdentity("process-" + name, Group).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(project.Intake.PollInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await scheduler.ScheduleJob(process, processTrigger, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!project.Sync.HasTarget)
            {
                continue; // no far site: nothing to sync (a reload that adds one schedules the job)
            }

            var sync = JobBuilder.Create<SyncProjectJob>().WithIdentity("sync-" + name, Group)
                .UsingJobData(ProcessProjectJob.ProjectKey, name).Build();
            var syncTrigger = TriggerBuilder.Create().WithIdentity("sync-" + name, Group)
                .WithCronSchedule(project.Sync.Schedule, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(sync, syncTrigger, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
