using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Outbox;
using DropBox.Daemon.Pipeline.Steps;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Unpack;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pseudonyms;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// Everything one project's passes need, built once per configuration: the engine with the project's secret
/// and pseudonym store, and the stages. It composes each pass's steps (<see cref="CreatePipeline"/>); the stages
/// themselves stay private to it, so no step reaches into another's.
/// </summary>
internal sealed class ProjectRuntime : IDisposable
{
    private readonly string _name;
    private readonly ProjectOptions _options;
    private readonly TimeProvider _time;
    private readonly SqlitePseudonymStore _pseudonyms;
    private readonly QuarantineStore _quarantine;
    private readonly InboxScanner _scanner;
    private readonly InboxTriage _triage;
    private readonly UploadClaimer _claimer;
    private readonly ClaimedUploadInspector _inspector;
    private readonly UploadDeidentifier _deidentifier;
    private readonly IEncryptor _encryptor;
    private readonly GpgKeyInspector _keyInspector;
    private readonly OutboxPublisher _publisher;
    private readonly int _parallelism;

    public string Name => _name;

    /// <summary>The project's options, as validated when this runtime was built.</summary>
    public ProjectOptions Options => _options;

    public ProjectRuntime(string name, ProjectOptions options, DropBoxOptions global, TimeProvider time, ILoggerFactory loggers)
    {
        _name = name;
        _options = options;
        _time = time;
        _parallelism = global.EffectiveParallelism;
        var workDirectory = options.EffectiveWorkDirectory;
        PrivateFiles.CreateDirectory(workDirectory);
        var state = ProjectLayout.StateOf(global, name);
        PrivateFiles.CreateDirectory(global.StateDirectory);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(state)!);
        PrivateFiles.CreateDirectory(state);
        _pseudonyms = new SqlitePseudonymStore(ProjectLayout.PseudonymStore(global, name), time);
        var engine = new DeidEngine(options.Deidentify, _pseudonyms, ProjectSecret.LoadOrCreate(ProjectLayout.SecretFile(global, name)),
            PixelCleaningWiring.For(options.Deidentify, time, loggers));
        _quarantine = new QuarantineStore(workDirectory, time, loggers.CreateLogger<QuarantineStore>());
        _scanner = new InboxScanner(time);
        _claimer = new UploadClaimer(workDirectory, time, loggers.CreateLogger<UploadClaimer>());
        var completeness = new CompletenessProbe(DicomCompleteness.Probe);
        _triage = new InboxTriage(options.Intake, time, completeness, loggers.CreateLogger<InboxTriage>());
        _inspector = new ClaimedUploadInspector(options.Intake, time, completeness, loggers.CreateLogger<ClaimedUploadInspector>());
        _deidentifier = new UploadDeidentifier(engine, new ZipUnpacker(loggers.CreateLogger<ZipUnpacker>()), _quarantine, options.Unpack, global.EffectiveParallelism);
        _encryptor = new GpgEncryptor(options.Encrypt, GpgHomeDirectory.Ensure(ProjectLayout.GpgHome(global)), time, loggers.CreateLogger<GpgEncryptor>(), global.EffectiveParallelism);
        _keyInspector = new GpgKeyInspector(options.Encrypt, time);
        _publisher = new OutboxPublisher(options.Outbox, loggers.CreateLogger<OutboxPublisher>());
    }

    /// <summary>One pass's steps, writing to <paramref name="journal"/> and <paramref name="audit"/>.</summary>
    public UploadPipeline CreatePipeline(UploadJournal journal, AuditLog audit, ILogger logger, IUploadEvents? events = null)
    {
        var context = new PipelineContext(_name, _options, journal, audit, logger, events ?? NoUploadEvents.Instance);
        var quarantine = new QuarantineStep(context, _quarantine);
        return new UploadPipeline(
            context,
            CreateSweeper(journal, logger),
            new ClaimStep(context, _scanner, _triage, _claimer, _quarantine, _time, _parallelism),
            new PrepareStep(context, _claimer, _inspector, _deidentifier, quarantine, new ResolveMissingStep(context, _quarantine), _parallelism),
            new EncryptStep(context, _encryptor),
            new PublishStep(context, _claimer, _publisher, _parallelism),
            new PassKeys(context, _keyInspector, _encryptor),
            _time);
    }

    /// <summary>The retention housekeeping that opens each pass.</summary>
    public RetentionSweeper CreateSweeper(UploadJournal journal, ILogger logger) =>
        new(_name, _options, _claimer, _quarantine, journal, _time, logger);

    /// <summary>Closes the pseudonym store's connection (the other stages hold nothing open between passes).</summary>
    public void Dispose() => _pseudonyms.Dispose();
}
