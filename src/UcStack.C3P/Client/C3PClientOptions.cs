using UcStack.Sip.Transport;

namespace UcStack.C3P;

/// <summary>Settings of a <see cref="C3PClient"/>.</summary>
public sealed record C3PClientOptions
{
    /// <summary>The user's URI without parameters (the C3P <c>from</c>), e.g. <c>sip:bob@example.org</c>.</summary>
    public required string UserUri { get; init; }

    /// <summary>The user's display name in the roster, or <see langword="null"/>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Where the focus INVITE and the conference SUBSCRIBE go (the focus server or the proxy in front of it);
    /// when <see langword="null"/> each request URI is resolved by the endpoint. Use a stream transport: the focus
    /// sends its C3P responses and conference-info NOTIFYs in that dialog, and RFC 3261 §18.1.1 keeps requests above
    /// 1300 bytes off UDP.</summary>
    public SipTransportTarget? FocusServer { get; init; }

    /// <summary>Where SERVICE (provisioning) and chat MESSAGEs go; <see cref="FocusServer"/> when <see langword="null"/>.
    /// These requests are small (the large part is in the response), so UDP is fine here.</summary>
    public SipTransportTarget? ServiceServer { get; init; }

    internal SipTransportTarget? ServiceTarget => ServiceServer ?? FocusServer;

    /// <summary>How long a C3P request may wait for its final response (on the endpoint's <see cref="TimeProvider"/>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The conference subscription duration asked for (refreshed by the SIP stack).</summary>
    public TimeSpan SubscriptionExpires { get; init; } = TimeSpan.FromHours(1);

    internal void Validate()
    {
        if (!C3PAddress.TryParse(C3PAddress.FocusFactory(UserUri), out _)) throw new ArgumentException("UserUri must be a sip: URI without parameters", nameof(UserUri));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SubscriptionExpires, TimeSpan.Zero);
    }
}

/// <summary>Why a <see cref="C3PConference"/> session ended.</summary>
public enum C3PConferenceEnd
{
    /// <summary>The user left (<see cref="C3PConference.LeaveAsync"/>).</summary>
    Left = 1,

    /// <summary>The focus removed the user (ejected, or refused from the lobby) or ended the dialog.</summary>
    Removed,

    /// <summary>The conference ended (deleted or expired).</summary>
    ConferenceEnded,
}

/// <summary>A message received through a conference's chat MCU.</summary>
/// <param name="Sender">The member who wrote it (the <c>Ms-Sender</c> header; the MCU URI when absent).</param>
/// <param name="Body">The body (copied).</param>
/// <param name="ContentType">Its media type, or <see langword="null"/>.</param>
public sealed record C3PChatMessage(string Sender, ReadOnlyMemory<byte> Body, string? ContentType)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body.Span);
}
