using System.Text.Json;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Alerts;

/// <summary>
/// Decides what the admins are told and makes sure it reaches them. A condition (far site down, key expiring, disk
/// low) is one message when it starts and one when it ends; a change within <see cref="AlertOptions.QuietPeriod"/>
/// of the last message about it waits until the period is over and goes only if it still holds, so a flapping link
/// is not a flood. One-off messages (the quarantine digest) with the same key and text within the quiet period go
/// once. Messages wait in <c>alerts.json</c> (0600) until every channel took them: a channel that fails is logged and
/// tried again later; nothing here throws into the pipeline.
/// </summary>
internal sealed class AlertCenter
{
    public const string StateFileName = "alerts.json";
    private readonly AlertOptions _options;
    private readonly string _stateFile;
    private readonly IReadOnlyList<IAlertChannel> _channels;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _delivering = new(1, 1);
    private readonly AlertState _state;
    private Task _background = Task.CompletedTask;

    public AlertCenter(AlertOptions options, string stateDirectory, IReadOnlyList<IAlertChannel> channels, TimeProvider time, ILogger logger)
    {
        _options = options;
        _stateFile = Path.Combine(stateDirectory, StateFileName);
        _channels = channels;
        _time = time;
        _logger = logger;
        _state = Load(_stateFile);
    }

    /// <summary>False when no channel is configured: then nothing is recorded or sent.</summary>
    public bool Enabled => _channels.Count > 0;

    /// <summary>Messages not yet taken by every channel (for status and tests).</summary>
    public int Undelivered
    {
        get
        {
            lock (_lock)
            {
                return _state.Outbox.Count;
            }
        }
    }

    /// <summary>Reports whether a condition holds now; the admins hear of its start and of its end.</summary>
    public void Set(string key, bool active, string severity, string subject, string text, string recoveredSubject, string recoveredText)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_lock)
        {
            if (!_state.Conditions.TryGetValue(key, out var condition))
            {
                if (!active)
                {
                    return; // never raised: nothing to recover from
                }
                _state.Conditions[key] = condition = new AlertCondition();
            }
            condition.Active = active;
            if (active)
            {
                (condition.Subject, condition.Text) = (subject, text);
            }
            (condition.RecoveredSubject, condition.RecoveredText) = (recoveredSubject, recoveredText);
            if (Evaluate(key, condition, severity))
            {
                Save();
            }
        }
    }

    /// <summary>A one-off message; the same text under the same key within the quiet period goes once.</summary>
    public void Notify(string key, string severity, string subject, string text)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_state.LastOneOff.TryGetValue(key, out var last) && last == text
                && _state.LastOneOffAt.TryGetValue(key, out var at) && now - at < _options.QuietPeriod)
            {
                return;
            }
            _state.LastOneOff[key] = text;
            _state.LastOneOffAt[key] = now;
            Enqueue(key, severity, subject, text);
            Save();
        }
    }

    /// <summary>Starts delivery in the background unless one runs; never waits for it.</summary>
    public void Kick()
    {
        if (!Enabled)
        {
            return;
        }
        lock (_lock)
        {
            if (_background.IsCompleted)
            {
                _background = Task.Run(() => DeliverAsync(CancellationToken.None));
            }
        }
    }

    /// <summary>Waits for a background delivery, then delivers what is due (for <c>dropbox once</c> and tests).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task running;
        lock (_lock)
        {
            running = _background;
        }
        await running.ConfigureAwait(false);
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends every due message through every channel that has not taken it. Never throws.</summary>
    public async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (!Enabled || !await _delivering.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            List<AlertMessage> due;
            lock (_lock)
            {
                var changed = false;
                foreach (var (key, condition) in _state.Conditions)
                {
                    changed |= Evaluate(key, condition, "error");
                }
                var now = _time.GetUtcNow();
                changed |= _state.Outbox.RemoveAll(m => Expired(m, now)) > 0;
                if (changed)
                {
                    Save();
                }
                due = [.. _state.Outbox.Where(m => m.NextAttempt <= now)];
            }
            foreach (var message in due)
            {
                foreach (var channel in _channels.Where(c => message.Pending.Contains(c.Name)))
                {
                    var error = await TrySendAsync(channel, message, cancellationToken).ConfigureAwait(false);
                    lock (_lock)
                    {
                        if (error is null)
                        {
                            message.Pending.Remove(channel.Name);
                            Log.AlertSent(_logger, message.Id, message.Key, channel.Name);
                        }
                        else
                        {
                            message.Attempts++;
                            message.NextAttempt = _time.GetUtcNow() + _options.RetryInterval;
                            Log.AlertNotSent(_logger, message.Id, message.Key, channel.Name, error);
                        }
                    }
                }
                lock (_lock)
                {
                    if (message.Pending.Count == 0)
                    {
                        _state.Outbox.Remove(message);
                    }
                    Save();
                }
            }
        }
        finally
        {
            _delivering.Release();
        }
    }

    /// <summary>Sends one message through the channel; the error's PHI-free description, or null when it was taken.</summary>
    public async Task<string?> TrySendAsync(IAlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SendTimeout);
        try
        {
            await channel.SendAsync(message, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_options.SendTimeout}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any failure of a side channel is logged and retried, never allowed to stop the host.
            return PhiSafe.Describe(ex);
        }
    }

    private bool Evaluate(string key, AlertCondition condition, string severity)
    {
        if (condition.Active == condition.Announced)
        {
            return false;
        }
        var now = _time.GetUtcNow();
        if (condition.AnnouncedAt is { } at && now - at < _options.QuietPeriod)
        {
            return false; // told about this condition recently: see whether the change holds when the period ends
        }
        condition.Announced = condition.Active;
        condition.AnnouncedAt = now;
        if (condition.Active)
        {
            Enqueue(key, severity, condition.Subject, condition.Text);
        }
        else
        {
            Enqueue(key, "recovered", condition.RecoveredSubject, condition.RecoveredText);
        }
        return true;
    }

    private void Enqueue(string key, string severity, string subject, string text)
    {
        var now = _time.GetUtcNow();
        var message = new AlertMessage(PhiFreeId.New("a", _time), key, severity, subject, text, now)
        {
            Pending = [.. _channels.Select(c => c.Name)],
            NextAttempt = now,
        };
        _state.Outbox.Add(message);
        Log.AlertQueued(_logger, message.Id, key, severity);
    }

    private bool Expired(AlertMessage message, DateTimeOffset now)
    {
        if (now - message.Created <= _options.GiveUpAfter)
        {
            return false;
        }
        Log.AlertDropped(_logger, message.Id, message.Key, string.Join(",", message.Pending), message.Attempts);
        return true;
    }

    private void Save()
    {
        try
        {
            PrivateFiles.WriteAllTextAtomic(_stateFile, JsonSerializer.Serialize(_state, AlertJson.Default.AlertState));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.AlertStateNotSaved(_logger, PhiSafe.Describe(ex));
        }
    }

    private static AlertState Load(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), AlertJson.Default.AlertState) ?? new() : new();
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return new();
        }
    }
}
