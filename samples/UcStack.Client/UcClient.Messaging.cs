using System.Text;
using UcStack.Sip;
using UcStack.Sip.Stack;

namespace UcStack.Client;

/// <summary>An instant message received.</summary>
/// <param name="From">The sender's address of record.</param>
/// <param name="Text">The text.</param>
internal sealed record InstantMessage(string From, string Text);

internal sealed partial class UcClient
{
    /// <summary>The longest text we send or show: RFC 3428 §8 keeps a MESSAGE outside a session under 1300
    /// bytes when it may cross UDP.</summary>
    public const int MaxMessageBytes = 1200;

    /// <summary>Raised (thread pool) for every MESSAGE received outside a dialog.</summary>
    public event EventHandler<InstantMessage>? MessageReceived;

    /// <summary>Sends a text message (RFC 3428) through the server.</summary>
    /// <param name="to">A user name of the domain or a SIP URI.</param>
    /// <param name="text">The text, at most <see cref="MaxMessageBytes"/> UTF-8 bytes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final status code (200 or 202 when delivered).</returns>
    /// <exception cref="ArgumentException">The text is too long.</exception>
    public async Task<int> SendMessageAsync(string to, string text, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(text);
        if (body.Length > MaxMessageBytes) throw new ArgumentException($"the message is {body.Length} bytes; at most {MaxMessageBytes}", nameof(text));
        using var response = await Agent.SendMessageAsync(Settings.UriOf(to), body, target: ServerTarget, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    private async Task OnMessageAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        // RFC 3428 §7: only text we can show; anything else gets 415 rather than being dropped silently.
        var type = request.ContentType?.MediaType ?? "text/plain";
        if (!type.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            await incoming.RespondAsync(415, null, [new("Accept", "text/plain")]).ConfigureAwait(false);
            return;
        }

        if (request.Body.Length > MaxMessageBytes)
        {
            await incoming.RespondAsync(413).ConfigureAwait(false);
            return;
        }

        // Read what we need first: the request's buffer is released once it is answered.
        var message = new InstantMessage(request.From.Uri?.ToString() ?? "unknown", Encoding.UTF8.GetString(request.Body.Span));
        await incoming.RespondAsync(200).ConfigureAwait(false);
        MessageReceived?.Invoke(this, message);
    }
}
