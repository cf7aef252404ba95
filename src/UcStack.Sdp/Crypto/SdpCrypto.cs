using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sdp;

/// <summary>
/// <c>a=crypto:&lt;tag&gt; &lt;crypto-suite&gt; &lt;key-params&gt; [&lt;session-params&gt;]</c> (RFC 4568 §9.1, SDES for SRTP).
/// Fields may be separated by any run of spaces or tabs as RFC 4568 allows; <see cref="SdpCryptoProfile"/> checks the
/// stricter Microsoft profile.
/// </summary>
public sealed record SdpCrypto
{
    /// <summary>Creates a crypto attribute value.</summary>
    /// <param name="tag">The tag, 0..999999999 (1*9DIGIT).</param>
    /// <param name="suite">The crypto suite, for example "AES_CM_128_HMAC_SHA1_80".</param>
    /// <param name="keyParameters">One or more key parameters.</param>
    /// <param name="sessionParameters">Session parameters such as "KDR=0" or "UNENCRYPTED_SRTCP".</param>
    /// <exception cref="ArgumentException">A field is malformed, or there is no key parameter.</exception>
    public SdpCrypto(int tag, string suite, IEnumerable<SdpSrtpKeyParameter> keyParameters, IEnumerable<string>? sessionParameters = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, 999_999_999);
        Tag = tag;
        Suite = IsSuite(suite) ? suite : throw new ArgumentException("A crypto-suite is 1*(ALPHA / DIGIT / \"_\").", nameof(suite));
        ArgumentNullException.ThrowIfNull(keyParameters);
        KeyParameters = keyParameters.Select(static k => k ?? throw new ArgumentException("A key parameter is null.", nameof(keyParameters))).ToArray();
        if (KeyParameters.Count == 0)
        {
            throw new ArgumentException("At least one key parameter is required (RFC 4568 §9.1).", nameof(keyParameters));
        }

        SessionParameters = (sessionParameters ?? []).Select(static p => SdpText.NonWhitespace(p, nameof(sessionParameters))).ToArray();
    }

    /// <summary>The tag that identifies this offer line; the answer echoes it (RFC 4568 §5.1.2).</summary>
    public int Tag { get; }

    /// <summary>The crypto suite name.</summary>
    public string Suite { get; }

    /// <summary>The key parameters, in order (usually one).</summary>
    public IReadOnlyList<SdpSrtpKeyParameter> KeyParameters { get; }

    /// <summary>The session parameters, in order.</summary>
    public IReadOnlyList<string> SessionParameters { get; }

    /// <summary>
    /// The key||salt length the suite needs (RFC 4568 §6.2, RFC 6188, RFC 7714), or <see langword="null"/> for a suite
    /// this library does not know.
    /// </summary>
    /// <param name="suite">The suite name.</param>
    /// <returns>The length in bytes, or <see langword="null"/>.</returns>
    public static int? GetKeySaltLength(string suite) => suite switch
    {
        "AES_CM_128_HMAC_SHA1_80" or "AES_CM_128_HMAC_SHA1_32" or "F8_128_HMAC_SHA1_80" => 30,
        "AES_192_CM_HMAC_SHA1_80" or "AES_192_CM_HMAC_SHA1_32" => 38,
        "AES_256_CM_HMAC_SHA1_80" or "AES_256_CM_HMAC_SHA1_32" => 46,
        "AEAD_AES_128_GCM" => 28,
        "AEAD_AES_256_GCM" => 44,
        _ => null,
    };

    /// <summary>Reads the value of an <c>a=crypto</c> attribute.</summary>
    /// <param name="value">The text after <c>a=crypto:</c>.</param>
    /// <param name="crypto">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCrypto? crypto) => TryParse(value, hasRole: false, out crypto, out _, out _);

    /// <summary>Reads an <c>a=crypto</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SdpParseException">The value is malformed, or a key has the wrong length for a known suite.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=crypto.</exception>
    public static SdpCrypto Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Crypto), hasRole: false, out var crypto, out _, out var problem)
            ? crypto
            : throw SdpAttributeValue.Invalid(attribute, problem);

    /// <summary>The attribute for this value, fields separated by single spaces.</summary>
    /// <returns>A new <c>a=crypto</c> attribute.</returns>
    public SdpAttribute ToAttribute() => new(SdpNames.Crypto, ToString());

    /// <summary>The attribute value with single spaces.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Format(Tag, role: null, Suite, KeyParameters, SessionParameters);

    /// <inheritdoc/>
    public bool Equals(SdpCrypto? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Tag, Suite);

    internal static string Format(int tag, string? role, string suite, IReadOnlyList<SdpSrtpKeyParameter> keys, IReadOnlyList<string> sessionParameters)
    {
        var builder = new StringBuilder().Append(SdpAttributeValue.Format(tag)).Append(' ');
        if (role is not null)
        {
            builder.Append(role).Append(' ');
        }

        builder.Append(suite).Append(' ').AppendJoin(';', keys.Select(static k => k.ToString()));
        foreach (var parameter in sessionParameters)
        {
            builder.Append(' ').Append(parameter);
        }

        return builder.ToString();
    }

    internal static bool TryParse(string? value, bool hasRole, [NotNullWhen(true)] out SdpCrypto? crypto, out string? role, out string problem)
    {
        crypto = null;
        role = null;
        if (value is null)
        {
            problem = "missing value";
            return false;
        }

        // RFC 4568 §9.1: tag 1*WSP crypto-suite 1*WSP key-params *(1*WSP session-param)
        var fields = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var first = hasRole ? 1 : 0;
        if (fields.Length < 3 + first)
        {
            problem = hasRole ? "expected <tag> <role> <suite> <key-params>" : "expected <tag> <suite> <key-params>";
            return false;
        }

        if (!IsDigitsUpTo9(fields[0], out var tag))
        {
            problem = "tag must be 1 to 9 digits";
            return false;
        }

        if (hasRole)
        {
            if (!SdpText.IsToken(fields[1]))
            {
                problem = "role must be a token";
                return false;
            }

            role = fields[1];
        }

        var suite = fields[first + 1];
        if (!IsSuite(suite))
        {
            problem = "crypto-suite must be 1*(ALPHA / DIGIT / \"_\")";
            return false;
        }

        var keys = new List<SdpSrtpKeyParameter>();
        foreach (var keyText in fields[first + 2].Split(';'))
        {
            if (!SdpSrtpKeyParameter.TryParse(keyText, out var key, out problem))
            {
                return false;
            }

            if (GetKeySaltLength(suite) is { } expected && key.KeySaltLength != expected)
            {
                problem = $"{suite} needs a {expected}-byte key||salt, got {key.KeySaltLength}";
                return false;
            }

            keys.Add(key);
        }

        crypto = new SdpCrypto(tag, suite, keys, fields.Skip(first + 3));
        problem = string.Empty;
        return true;
    }

    private static bool IsDigitsUpTo9(string text, out int value)
    {
        // RFC 4568: tag = 1*9DIGIT, so "01" is allowed; it is kept as a number.
        value = 0;
        if (text.Length is 0 or > 9 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        value = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    private static bool IsSuite(string? suite)
    {
        if (string.IsNullOrEmpty(suite))
        {
            return false;
        }

        foreach (var c in suite)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
