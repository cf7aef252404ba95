namespace UcStack.Sip.Transport;

/// <summary>A message the transport layer parsed, with the flow it arrived on. The receiver owns
/// <see cref="Message"/> and must dispose it (it holds a pooled buffer).</summary>
/// <param name="Message">The message. For requests the transport layer has already applied RFC 3261 §18.2.1
/// and RFC 3581 §4 to the top Via (<c>received</c>, <c>rport</c>).</param>
/// <param name="Flow">Where it came from.</param>
public sealed record SipReceivedMessage(SipMessage Message, SipFlow Flow);
