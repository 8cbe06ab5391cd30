using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Outbox;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Unpack;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pseudonyms;
using Microsoft.Extensions.Logging;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// Everything one project's pass needs, built once per configuration: the engine with the project's secret
/// and pseudonym store, the stages, and the receivers' keys (checked before anything is encrypted to them).
/// </summary>
internal sealed class ProjectRuntime : IDisposable
{
    private readonly SqlitePseudonymStore _pseudonyms;

    public ProjectRuntime(string name, ProjectOptions options, DropBoxOptions global, TimeProvider time, ILoggerFactory loggers)
    {
        Name = name;
        Options = options;
        WorkDirectory = options.EffectiveWorkDirectory;
        PrivateFiles.CreateDirectory(WorkDirectory);
        var state = ProjectLayout.StateOf(global, name);
        PrivateFiles.CreateDirectory(global.StateDirectory);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(state)!);
        PrivateFiles.CreateDirectory(state);
        _pseudonyms = new SqlitePseudonymStore(ProjectLayout.PseudonymStore(global, name), time);
        var engine = new DeidEngine(options.Deidentify, _pseudonyms, ProjectSecret.LoadOrCreate(ProjectLayout.SecretFile(global, name)),
            PixelCleaningWiring.For(options.Deidentify, time));
        Quarantine = new QuarantineStore(WorkDirectory, time, loggers.CreateLogger<QuarantineStore>());
        Scanner = new InboxScanner(time);
        Claimer = new UploadClaimer(WorkDirectory, time, loggers.CreateLogger<UploadClaimer>());
        Inspector = new ClaimedUploadInspector(options.Intake, time, new CompletenessProbe(DicomCompleteness.Probe), loggers.CreateLogger<ClaimedUploadInspector>());
        Deidentifier = new UploadDeidentifier(engine, new ZipUnpacker(loggers.CreateLogger<ZipUnpacker>()), Quarantine, options.Unpack, global.EffectiveParallelism);
        Encryptor = new GpgEncryptor(options.Encrypt, GpgHomeDirectory.Ensure(ProjectLayout.GpgHome(global)), time, loggers.CreateLogger<GpgEncryptor>());
        KeyInspector = new GpgKeyInspector(options.Encrypt, time);
        Publisher = new OutboxPublisher(options.Outbox, loggers.CreateLogger<OutboxPublisher>());
    }

    public string Name { get; }

    public ProjectOptions Options { get; }

    public string WorkDirectory { get; }

    public QuarantineStore Quarantine { get; }

    public InboxScanner Scanner { get; }

    public UploadClaimer Claimer { get; }

    public ClaimedUploadInspector Inspector { get; }

    public UploadDeidentifier Deidentifier { get; }

    public IEncryptor Encryptor { get; }

    public GpgKeyInspector KeyInspector { get; }

    public OutboxPublisher Publisher { get; }

    /// <summary>Closes the pseudonym store's connection (the other stages hold nothing open between passes).</summary>
    public void Dispose() => _pseudonyms.Dispose();
}
