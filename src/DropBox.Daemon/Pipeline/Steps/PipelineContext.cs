using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Projects;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>What every step of a project's pass shares: the project, the journal each step writes its state to
/// before the next step starts, the audit trail, the pipeline's log, and who is told what happened (receipts,
/// alerts, metrics: side concerns that never fail a step).</summary>
internal sealed record PipelineContext(string Project, ProjectOptions Options, UploadJournal Journal, AuditLog Audit, ILogger Logger, IUploadEvents Events);
