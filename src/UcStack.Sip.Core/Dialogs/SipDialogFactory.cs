using UcStack.Sip.Stack;

namespace UcStack.Sip.Dialogs;

/// <summary>Builds dialog state from the messages that create a dialog (RFC 3261 §12.1.1, §12.1.2).</summary>
internal static class SipDialogFactory
{
    /// <summary>UAC side, from a 1xx-with-tag or 2xx to our request (RFC 3261 §12.1.2).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="owner">Who uses the dialog.</param>
    /// <param name="response">The response.</param>
    /// <param name="requestUri">The request's Request-URI: the remote target when the response has no Contact.</param>
    /// <param name="localSequence">The CSeq of the request.</param>
    /// <param name="state">Early or Confirmed.</param>
    /// <exception cref="SipParseException">A header the dialog needs is malformed.</exception>
    public static SipDialog CreateUac(
        SipEndpoint endpoint, ISipDialogOwner owner, SipResponse response, AddressUri requestUri, uint localSequence, SipDialogState state)
    {
        // RFC 3261 §12.1.2: the route set is the Record-Route list in reverse order; the remote target the
        // Contact; local sequence the request's CSeq; remote sequence empty; tags from From and To.
        var routes = response.RecordRoutes.Select(r => r.ToString()).Reverse().ToArray();
        var target = response.Contacts is [{ Uri: { } contact }, ..] ? contact : requestUri;
        return new SipDialog(
            endpoint, owner, isUac: true, response.CallId, response.FromTag ?? string.Empty, response.ToTag ?? string.Empty,
            response.From, response.To, target, routes, localSequence, remoteSequence: null, state);
    }

    /// <summary>UAS side, from the request we answer with a 1xx-with-tag or 2xx (RFC 3261 §12.1.1).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="owner">Who uses the dialog.</param>
    /// <param name="request">The request.</param>
    /// <param name="localTag">The To tag of our response.</param>
    /// <param name="state">Early or Confirmed.</param>
    /// <exception cref="SipParseException">A header the dialog needs is malformed.</exception>
    public static SipDialog CreateUas(SipEndpoint endpoint, ISipDialogOwner owner, SipRequest request, string localTag, SipDialogState state)
    {
        // RFC 3261 §12.1.1: the route set is the Record-Route list in order; the remote target the Contact;
        // remote sequence the request's CSeq; local sequence empty (our first request then uses 1).
        var routes = request.RecordRoutes.Select(r => r.ToString()).ToArray();
        var target = request.Contacts is [{ Uri: { } contact }, ..] ? contact : request.From.Uri!;
        return new SipDialog(
            endpoint, owner, isUac: false, request.CallId, localTag, request.FromTag ?? string.Empty,
            request.To, request.From, target, routes, localSequence: 0, request.CSeqNumber, state);
    }
}
