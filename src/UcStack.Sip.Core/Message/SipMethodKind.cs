namespace UcStack.Sip;

/// <summary>
/// The request methods the stack knows by name, for fast switching. Any other token is a valid
/// extension method (RFC 3261 §7.1) and maps to <see cref="Extension"/>; its name is in
/// <see cref="SipRequest.Method"/>.
/// </summary>
public enum SipMethodKind
{
    /// <summary>A method not listed here (an extension method).</summary>
    Extension = 0,
    /// <summary>INVITE (RFC 3261).</summary>
    Invite,
    /// <summary>ACK (RFC 3261).</summary>
    Ack,
    /// <summary>BYE (RFC 3261).</summary>
    Bye,
    /// <summary>CANCEL (RFC 3261).</summary>
    Cancel,
    /// <summary>OPTIONS (RFC 3261).</summary>
    Options,
    /// <summary>REGISTER (RFC 3261).</summary>
    Register,
    /// <summary>PRACK (RFC 3262).</summary>
    Prack,
    /// <summary>SUBSCRIBE (RFC 6665).</summary>
    Subscribe,
    /// <summary>NOTIFY (RFC 6665).</summary>
    Notify,
    /// <summary>PUBLISH (RFC 3903).</summary>
    Publish,
    /// <summary>INFO (RFC 6086).</summary>
    Info,
    /// <summary>REFER (RFC 3515).</summary>
    Refer,
    /// <summary>MESSAGE (RFC 3428).</summary>
    Message,
    /// <summary>UPDATE (RFC 3311).</summary>
    Update,
}

/// <summary>Maps method names to <see cref="SipMethodKind"/> and back.</summary>
internal static class SipMethods
{
    /// <summary>Identifies a method; methods are case-sensitive (RFC 3261 §7.1), so "invite" is an extension.</summary>
    internal static SipMethodKind Identify(ReadOnlySpan<byte> method) => method.Length switch
    {
        3 when method.SequenceEqual("ACK"u8) => SipMethodKind.Ack,
        3 when method.SequenceEqual("BYE"u8) => SipMethodKind.Bye,
        4 when method.SequenceEqual("INFO"u8) => SipMethodKind.Info,
        5 when method.SequenceEqual("PRACK"u8) => SipMethodKind.Prack,
        5 when method.SequenceEqual("REFER"u8) => SipMethodKind.Refer,
        6 when method.SequenceEqual("INVITE"u8) => SipMethodKind.Invite,
        6 when method.SequenceEqual("CANCEL"u8) => SipMethodKind.Cancel,
        6 when method.SequenceEqual("NOTIFY"u8) => SipMethodKind.Notify,
        6 when method.SequenceEqual("UPDATE"u8) => SipMethodKind.Update,
        7 when method.SequenceEqual("OPTIONS"u8) => SipMethodKind.Options,
        7 when method.SequenceEqual("PUBLISH"u8) => SipMethodKind.Publish,
        7 when method.SequenceEqual("MESSAGE"u8) => SipMethodKind.Message,
        8 when method.SequenceEqual("REGISTER"u8) => SipMethodKind.Register,
        9 when method.SequenceEqual("SUBSCRIBE"u8) => SipMethodKind.Subscribe,
        _ => SipMethodKind.Extension,
    };

    /// <summary>The name of a known method, or <see langword="null"/> for <see cref="SipMethodKind.Extension"/>.</summary>
    internal static string? GetName(SipMethodKind kind) => kind switch
    {
        SipMethodKind.Invite => "INVITE",
        SipMethodKind.Ack => "ACK",
        SipMethodKind.Bye => "BYE",
        SipMethodKind.Cancel => "CANCEL",
        SipMethodKind.Options => "OPTIONS",
        SipMethodKind.Register => "REGISTER",
        SipMethodKind.Prack => "PRACK",
        SipMethodKind.Subscribe => "SUBSCRIBE",
        SipMethodKind.Notify => "NOTIFY",
        SipMethodKind.Publish => "PUBLISH",
        SipMethodKind.Info => "INFO",
        SipMethodKind.Refer => "REFER",
        SipMethodKind.Message => "MESSAGE",
        SipMethodKind.Update => "UPDATE",
        _ => null,
    };
}
