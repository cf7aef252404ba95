using System.Globalization;

namespace UcStack.Psom;

/// <summary>A decode failure: what (<see cref="Code"/>), where (<see cref="Offset"/> from the frame start) and a short detail.</summary>
public readonly record struct PsomParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="offset">Byte offset from the start of the frame (the length prefix).</param>
    /// <param name="detail">A short, non-sensitive description (field name, limit).</param>
    public PsomParseError(PsomParseErrorCode code, int offset, string? detail = null)
    {
        Code = code;
        Offset = offset;
        Detail = detail ?? string.Empty;
    }

    /// <summary>The reason.</summary>
    public PsomParseErrorCode Code { get; }

    /// <summary>Byte offset from the start of the frame.</summary>
    public int Offset { get; }

    /// <summary>Which field or limit; never payload content.</summary>
    public string Detail { get; }

    /// <summary><see langword="true"/> when this describes an error.</summary>
    public bool IsError => Code != PsomParseErrorCode.None;

    /// <summary>Formats as <c>MissingField (objectId) at byte 16</c>.</summary>
    public override string ToString() => Detail.Length == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Code} at byte {Offset}")
        : string.Create(CultureInfo.InvariantCulture, $"{Code} ({Detail}) at byte {Offset}");
}
