using UcStack.Sip;
using UcStack.Sip.Stack;

namespace UcStack.C3P;

// The chat MCU's SIP side: MESSAGE to the chat MCU URI, fanned out as MESSAGE to each member.
public sealed partial class C3PSipFocusServer
{
    private async Task OnChatMessageAsync(SipIncomingRequest incoming, C3PAddress address)
    {
        var request = incoming.Request;
        if (request.Body.Length > _options.MaxChatMessageBytes)
        {
            await RefuseAsync(incoming, 413, null, "chat message too large").ConfigureAwait(false);
            return;
        }

        if (await AuthorizeAsync(incoming).ConfigureAwait(false) is not { } caller) return;

        var routing = await _chat.RouteAsync(address.ToString(), caller.Uri).ConfigureAwait(false);
        if (routing.Refusal != C3PFailureReason.None)
        {
            var status = routing.Refusal == C3PFailureReason.ConferenceDoesNotExist ? 404 : 403;
            await RefuseAsync(incoming, status, status == 404 ? C3PDiagnosticId.InvalidMcuUri : C3PDiagnosticId.AuthorizationFailed, C3PFailureReasons.ToText(routing.Refusal)).ConfigureAwait(false);
            return;
        }

        // Copy what the fan-out needs: the request belongs to the stack and dies with its transaction.
        var body = request.Body.ToArray();
        var contentType = request.ContentType?.ToString() ?? "text/plain;charset=UTF-8";
        var mcuUri = address.ToString();
        await incoming.RespondAsync(200).ConfigureAwait(false);
        var deliveries = new List<Task>();
        foreach (var recipient in routing.Recipients)
        {
            if (_sessions.TryGetValue(SessionKey(routing.ConferenceId!, recipient), out var session) && session.Contact is { } contact)
                deliveries.Add(DeliverChatAsync(recipient, contact, mcuUri, caller.Uri, body, contentType));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    private async Task DeliverChatAsync(string recipient, string contact, string mcuUri, string sender, byte[] body, string contentType)
    {
        var endpoint = _agent.Endpoint;
        try
        {
            var uri = AddressUri.Parse(contact);
            var target = endpoint.Options.ResolveTarget?.Invoke(uri) ?? C3PSip.ResolveLiteral(uri);

            // From is the chat MCU (which conference), Ms-Sender the member who wrote it.
            var message = endpoint.CreateRequest("MESSAGE", contact, recipient, target.Protocol)
                .SetFrom(mcuUri)
                .AddHeader(C3PSip.SenderHeader, "<" + sender + ">")
                .SetBody(body, contentType)
                .Build();
            using var response = await endpoint.SendRequestAsync(message, target).ConfigureAwait(false);
            if (response.StatusCode >= 300) C3PSipLog.ChatDeliveryRefused(_logger, recipient, response.StatusCode);
        }
        catch (Exception ex) when (ex is SipRequestTimeoutException or UcStack.Sip.Transport.SipTransportException or ObjectDisposedException or SipParseException or ArgumentException)
        {
            C3PSipLog.ChatDeliveryFailed(_logger, recipient, ex);
        }
    }
}
