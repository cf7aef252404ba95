namespace UcStack.C3P;

/// <summary>Who sent a C3P request, as the binding that received it established it.</summary>
/// <param name="Uri">The sender's URI without parameters, e.g. <c>sip:bob@example.org</c>.</param>
/// <param name="IsAuthenticated">Whether the binding (or a proxy in front of it) authenticated the sender.
/// Anonymous users are admitted only by conferences whose admission policy allows them.</param>
public sealed record C3PCaller(string Uri, bool IsAuthenticated = true);
