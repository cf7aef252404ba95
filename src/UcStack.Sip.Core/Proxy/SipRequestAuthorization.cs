namespace UcStack.Sip.Proxy;

/// <summary>The outcome of <see cref="SipProxy.AuthorizeAsync"/>.</summary>
/// <param name="Allowed">Whether the request may proceed; when <see langword="false"/> it has been answered
/// (407 with a challenge, or 403).</param>
/// <param name="User">The authenticated (or connection-trusted) user of the domain, or <see langword="null"/> for a
/// request from another domain.</param>
public readonly record struct SipRequestAuthorization(bool Allowed, string? User);
