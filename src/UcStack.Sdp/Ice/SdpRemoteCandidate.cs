namespace UcStack.Sdp;

/// <summary>One entry of <c>a=remote-candidates</c> (RFC 8839 §5.2): component, address and port.</summary>
/// <param name="Component">The component id.</param>
/// <param name="Address">The remote candidate's address.</param>
/// <param name="Port">The remote candidate's port.</param>
public sealed record SdpRemoteCandidate(int Component, string Address, int Port);
