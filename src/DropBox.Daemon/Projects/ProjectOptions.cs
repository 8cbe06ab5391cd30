using DropBox.Daemon.Encrypt;
using DropBox.Deidentify.Engine;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Outbox;
using DropBox.Daemon.Sync;
using DropBox.Daemon.Unpack;

namespace DropBox.Daemon.Projects;

/// <summary>One research project: who sends, who receives, how uploads are de-identified and where they go.</summary>
internal sealed class ProjectOptions
{
    /// <summary>The project's home, e.g. <c>/home/ji_liver</c>: holds each sender's inbox and club_house.</summary>
    public string Root { get; set; } = "";

    /// <summary><c>From_&lt;A&gt;_To_&lt;B&gt;</c>: names the club_house folder that is synced to site B.</summary>
    public string Direction { get; set; } = "";

    /// <summary>Sender site codes; each has an inbox <c>&lt;Root&gt;/&lt;Sender&gt;/gpg/</c>.</summary>
    public List<string> Senders { get; set; } = [];

    /// <summary>Receiver OpenPGP public key files; every file is encrypted to all of them.</summary>
    public List<string> ReceiverKeys { get; set; } = [];

    /// <summary>Private work area (0700). Default <c>&lt;Root&gt;/.dropbox</c>: it must be on the inboxes'
    /// filesystem so that claiming an upload is an atomic rename.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>De-identification: PS3.15 options, the study's field list, pseudonym format, relaxed quarantine
    /// rules (Basic Profile with no option and nothing relaxed by default).</summary>
    public DeidSettings Deidentify { get; set; } = new();

    public IntakeOptions Intake { get; set; } = new();

    public UnpackOptions Unpack { get; set; } = new();

    public EncryptOptions Encrypt { get; set; } = new();

    /// <summary>How ciphertexts are placed into the outbox (e.g. <c>"Outbox": { "FileMode": "0640" }</c>).</summary>
    public OutboxOptions Outbox { get; set; } = new();

    public SyncOptions Sync { get; set; } = new();

    /// <summary>Sender receipts in <c>&lt;Root&gt;/&lt;SENDER&gt;/receipts/</c> (issue 14): on, kept 30 days, mode 0640.</summary>
    public Receipts.ReceiptOptions Receipts { get; set; } = new();

    /// <summary>Keep the claimed original (inside the private work area) for this long after publishing;
    /// default zero: removed as soon as its ciphertext is in the outbox.</summary>
    public TimeSpan KeepOriginalsFor { get; set; } = TimeSpan.Zero;

    /// <summary>Quarantine items older than this are deleted at the start of each pass; default null: kept
    /// until an admin retries or purges them (<c>dropbox quarantine purge</c>), since they are evidence.</summary>
    public TimeSpan? QuarantineRetention { get; set; }

    internal string EffectiveWorkDirectory => WorkDirectory ?? Path.Combine(Root, ".dropbox");

    internal string InboxOf(string sender) => Path.Combine(Root, sender, "gpg");

    internal string SyncSource => Path.Combine(Root, "club_house", Direction);

    internal string OutboxOf(string sender) => Path.Combine(SyncSource, "gpg-" + sender);
}
