using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DropBox.Daemon.Alerts;

/// <summary>Alerts as one JSON POST each; any status but 2xx counts as not delivered.</summary>
internal sealed class WebhookAlertChannel(WebhookAlertOptions options, HttpClient http) : IAlertChannel
{
    public string Name => "webhook";

    public string Description => "webhook " + new Uri(options.Url).GetLeftPart(UriPartial.Authority);

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        var payload = new WebhookPayload("dropbox", Environment.MachineName, message.Id, message.Key, message.Severity, message.Subject, message.Text, message.Created);
        using var content = new StringContent(JsonSerializer.Serialize(payload, AlertJson.Default.WebhookPayload), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri(options.Url), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The status code only: a body may echo what we sent or the receiver's internals.
            throw new HttpRequestException($"the webhook answered HTTP {(int)response.StatusCode}");
        }
    }
}
