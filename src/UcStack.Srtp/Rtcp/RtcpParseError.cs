using System.Globalization;

namespace UcStack.Srtp.Rtcp;

/// <summary>
/// An RTCP parse failure: what was wrong (<see cref="Code"/>) and where (<see cref="Offset"/>, in octets
/// from the start of the data handed to the parser, a compound packet or a single packet).
/// </summary>
public readonly record struct RtcpParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="offset">Octet offset from the start of the parser's input.</param>
    public RtcpParseError(RtcpParseErrorCode code, int offset)
    {
        Code = code;
        Offset = offset;
    }

    /// <summary>The reason the data was rejected; <see cref="RtcpParseErrorCode.None"/> when there is no error.</summary>
    public RtcpParseErrorCode Code { get; }

    /// <summary>Octet offset from the start of the parser's input where the problem was found.</summary>
    public int Offset { get; }

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Code != RtcpParseErrorCode.None;

    /// <summary>Formats the error as <c>reason at byte N</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Code} at byte {Offset}");
}
