using System.Globalization;

namespace UcStack.C3P;

/// <summary>The conferencing error ids of the <c>ms-diagnostics</c> header ([MS-OCER] §8.4, digest §7).</summary>
public enum C3PDiagnosticId
{
    /// <summary>No id, or one this library does not know.</summary>
    Unknown = 0,

    /// <summary>3000: the C3P request's <c>from</c> is bad.</summary>
    BadFrom = 3000,

    /// <summary>3001: the C3P request's <c>to</c> is bad.</summary>
    BadTo = 3001,

    /// <summary>3002: invalid target user.</summary>
    InvalidTargetUser = 3002,

    /// <summary>3003: invalid conference entity.</summary>
    InvalidConferenceEntity = 3003,

    /// <summary>3004: the command is not implemented.</summary>
    CommandNotImplemented = 3004,

    /// <summary>3005: the request cannot target an MCU.</summary>
    CannotTargetMcu = 3005,

    /// <summary>3006: the C3P body could not be parsed.</summary>
    ParseFailure = 3006,

    /// <summary>3007: invalid addUser blob (the join INVITE's body).</summary>
    InvalidAddUser = 3007,

    /// <summary>3008: unacceptable access or authorization method.</summary>
    UnacceptableAccessMethod = 3008,

    /// <summary>3009: malformed endpoint entity.</summary>
    MalformedEndpointEntity = 3009,

    /// <summary>3010: missing session timer.</summary>
    MissingSessionTimer = 3010,

    /// <summary>3011: bad Ms-Mcu-Contact.</summary>
    BadMcuContact = 3011,

    /// <summary>3012: invalid conference URI.</summary>
    InvalidConferenceUri = 3012,

    /// <summary>3013: invalid MCU URI.</summary>
    InvalidMcuUri = 3013,

    /// <summary>3014: authorization failed.</summary>
    AuthorizationFailed = 3014,

    /// <summary>3015: an attendee may not dial out.</summary>
    AttendeeDialOutNotAllowed = 3015,

    /// <summary>3016: invalid role.</summary>
    InvalidRole = 3016,
}

/// <summary>A parsed <c>ms-diagnostics</c> header value: <c>ID;reason="...";source="..."</c>.</summary>
/// <param name="Code">The numeric id as received.</param>
/// <param name="Reason">The reason parameter, or <see langword="null"/>.</param>
public sealed record C3PDiagnostic(int Code, string? Reason)
{
    private const int MaxLength = 1024;

    /// <summary>The header's name.</summary>
    public const string HeaderName = "ms-diagnostics";

    /// <summary>The id as a known value, or <see cref="C3PDiagnosticId.Unknown"/>.</summary>
    public C3PDiagnosticId Id => Enum.IsDefined((C3PDiagnosticId)Code) ? (C3PDiagnosticId)Code : C3PDiagnosticId.Unknown;

    /// <summary>Writes the header value.</summary>
    /// <param name="id">The id.</param>
    /// <param name="reason">A short reason (quotes and backslashes are removed).</param>
    /// <returns>The value, e.g. <c>3006;reason="C3P parse failure"</c>.</returns>
    public static string Format(C3PDiagnosticId id, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var clean = new string(reason.Where(c => c is not ('"' or '\\') && !char.IsControl(c)).Take(200).ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{(int)id};reason=\"{clean}\"");
    }

    /// <summary>Parses a header value; anything after the id that is not a reason is ignored.</summary>
    /// <param name="value">The value.</param>
    /// <param name="diagnostic">The result when this returns <see langword="true"/>.</param>
    /// <returns>Whether the value starts with a numeric id.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out C3PDiagnostic? diagnostic)
    {
        diagnostic = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        var text = value.AsSpan().Trim();
        var semicolon = text.IndexOf(';');
        var idText = (semicolon < 0 ? text : text[..semicolon]).Trim();
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return false;
        string? reason = null;
        var marker = text.IndexOf("reason=\"", StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
        {
            var rest = text[(marker + 8)..];
            var end = rest.IndexOf('"');
            reason = (end < 0 ? rest : rest[..end]).ToString();
        }

        diagnostic = new C3PDiagnostic(code, reason);
        return true;
    }
}
