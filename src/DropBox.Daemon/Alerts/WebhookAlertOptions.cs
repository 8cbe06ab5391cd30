namespace DropBox.Daemon.Alerts;

/// <summary>An HTTP(S) endpoint that takes one JSON POST per alert (chat bridges, ticket systems).</summary>
internal sealed class WebhookAlertOptions
{
    /// <summary>The URL the JSON is posted to. HTTPS, or HTTP to a loopback address.</summary>
    public string Url { get; set; } = "";

    public IEnumerable<string> Validate(string prefix)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{prefix}:Url '{Url}' is not an http(s) URL";
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            yield return $"{prefix}:Url must use https unless it points at this machine (loopback)";
        }
    }
}
