using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace DropBox.Daemon.Tests.Hosting;

/// <summary>
/// A daemon configuration in a temp folder (main file + projects.d drop-ins) and a <see cref="DaemonService"/>
/// wired to a real, unstarted Quartz scheduler, a real notify socket and a hand-moved clock.
/// </summary>
internal sealed class ServiceBed : IDisposable
{
    public ServiceBed()
    {
        Folder = Directory.CreateTempSubdirectory("dropbox-hosting-").FullName;
        File.WriteAllText(Path.Combine(Folder, "receiver.asc"), "placeholder: the base ProjectChecks only checks that the key file exists");
        ConfigPath = Path.Combine(Folder, "appsettings.json");
        WriteMain(Project("liver", ["PKUHSC"]));
        var initial = ConfigLoader.Load(ConfigPath);
        Validator = new ConfigValidator(new ProjectChecks());
        var errors = Validator.ValidateAsync(initial, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Config = new ConfigState(ConfigPath, initial);
        // A real, unstarted scheduler of its own (unique name: Quartz keeps a process-wide scheduler registry).
        SchedulerFactory = QuartzSchedulerBuilder.Create(q => q.ConfigureScheduler(s => s.InstanceName = "test-" + Guid.NewGuid().ToString("N"))).Build();
        Scheduler = new ProjectScheduler(SchedulerFactory);
        Work = new DaemonWork(Config, Clock, NullLoggerFactory.Instance);
        Service = new DaemonService(Config, Validator, Scheduler, Work, new SystemdNotifier(Notify.Path), Clock, Logger);
    }

    public string Folder { get; }

    public string ConfigPath { get; }

    public ConfigValidator Validator { get; }

    public ConfigState Config { get; }

    public ISchedulerFactory SchedulerFactory { get; }

    public ProjectScheduler Scheduler { get; }

    public DaemonWork Work { get; }

    public DaemonService Service { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public NotifySocket Notify { get; } = new();

    public CapturingLogger<DaemonService> Logger { get; } = new();

    /// <summary>A project's JSON with its folders created (root, inboxes, outboxes).</summary>
    public string Project(string name, string[] senders, string extra = "")
    {
        var root = Path.Combine(Folder, "ji_" + name);
        foreach (var sender in senders)
        {
            Directory.CreateDirectory(Path.Combine(root, sender, "gpg"));
            Directory.CreateDirectory(Path.Combine(root, "club_house", "From_PKUHSC_To_UM", "gpg-" + sender));
        }
        var list = string.Join(", ", senders.Select(s => $"\"{s}\""));
        return $$"""
            "{{name}}": { "Root": "ji_{{name}}", "Direction": "From_PKUHSC_To_UM", "Senders": [ {{list}} ],
              "ReceiverKeys": [ "receiver.asc" ], "Intake": { "PollInterval": "00:00:20" },
              "Sync": { "Target": { "Type": "local", "Directory": "far-{{name}}" } } {{extra}} }
            """;
    }

    public void WriteMain(params string[] projects) => File.WriteAllText(ConfigPath, $$"""
        { "DropBox": { "StateDirectory": "state", "LogDirectory": "log", "Projects": { {{string.Join(",\n", projects)}} } } }
        """);

    public void WriteDropIn(string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(Folder, ConfigLoader.DropInFolder));
        File.WriteAllText(Path.Combine(Folder, ConfigLoader.DropInFolder, name), text);
    }

    public async Task<IReadOnlyCollection<string>> JobNamesAsync()
    {
        var scheduler = await SchedulerFactory.GetScheduler();
        return (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup())).Select(k => k.Name).Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose()
    {
        Work.Dispose();
        Notify.Dispose();
        (SchedulerFactory.GetScheduler().AsTask().GetAwaiter().GetResult()).Shutdown().AsTask().GetAwaiter().GetResult();
        Directory.Delete(Folder, recursive: true);
    }
}
