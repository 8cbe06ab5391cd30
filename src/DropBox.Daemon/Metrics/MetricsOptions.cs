using System.Net;

namespace DropBox.Daemon.Metrics;

/// <summary>The Prometheus endpoint (<c>"DropBox": { "Metrics": { "Listen": "127.0.0.1:9464" } }</c>). Off by default.</summary>
internal sealed class MetricsOptions
{
    /// <summary>A loopback address and port (<c>127.0.0.1:9464</c>, <c>[::1]:9464</c>); null (default): no endpoint.
    /// Loopback only: a scraper elsewhere reaches it through its own tunnel or a local agent.</summary>
    public string? Listen { get; set; }

    internal IPEndPoint? ParseEndPoint() => Listen is not null && IPEndPoint.TryParse(Listen, out var ep) && ep.Port > 0 ? ep : null;

    public IEnumerable<string> Validate(string prefix)
    {
        if (Listen is null)
        {
            yield break;
        }
        if (ParseEndPoint() is not { } ep)
        {
            yield return $"{prefix}:Listen '{Listen}' is not an address:port such as 127.0.0.1:9464";
        }
        else if (!IPAddress.IsLoopback(ep.Address))
        {
            yield return $"{prefix}:Listen '{Listen}' is not a loopback address: use 127.0.0.1 or [::1] (the endpoint has no authentication)";
        }
    }
}
