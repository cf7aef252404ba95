using System.Globalization;

namespace UcStack.Srtp.Rtp;

/// <summary>
/// An RTP parse failure: what was wrong (<see cref="Code"/>) and where (<see cref="Offset"/>, in octets
/// from the start of the packet handed to the parser).
/// </summary>
public readonly record struct RtpParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="offset">Octet offset from the start of the packet.</param>
    public RtpParseError(RtpParseErrorCode code, int offset)
    {
        Code = code;
        Offset = offset;
    }

    /// <summary>The reason the packet was rejected; <see cref="RtpParseErrorCode.None"/> when there is no error.</summary>
    public RtpParseErrorCode Code { get; }

    /// <summary>Octet offset from the start of the packet where the problem was found.</summary>
    public int Offset { get; }

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Code != RtpParseErrorCode.None;

    /// <summary>Formats the error as <c>reason at byte N</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Code} at byte {Offset}");
}
