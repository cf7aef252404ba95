using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace UcStack.Sdp;

/// <summary>
/// One SRTP key parameter of <c>a=crypto</c> (RFC 4568 §6.1): <c>inline:&lt;base64 key||salt&gt;[|&lt;lifetime&gt;][|&lt;MKI&gt;:&lt;MKI length&gt;]</c>.
/// The key material is kept as the base64 text carried by the SDP; <see cref="CopyKeySalt"/> decodes it into the
/// caller's buffer so the caller controls (and zeroes) the secret bytes.
/// </summary>
public sealed record SdpSrtpKeyParameter
{
    /// <summary>Creates a key parameter.</summary>
    /// <param name="keySaltBase64">The base64 master key concatenated with the master salt.</param>
    /// <param name="lifetime">The master key lifetime, or <see langword="null"/>.</param>
    /// <param name="mkiValue">The MKI value, or <see langword="null"/> when there is no MKI.</param>
    /// <param name="mkiLength">The MKI length in bytes, 1..128, given with <paramref name="mkiValue"/>.</param>
    /// <exception cref="ArgumentException">The base64 is invalid, or the MKI value and length are not given together.</exception>
    public SdpSrtpKeyParameter(string keySaltBase64, SdpSrtpLifetime? lifetime = null, ulong? mkiValue = null, int? mkiLength = null)
    {
        ArgumentNullException.ThrowIfNull(keySaltBase64);
        if (DecodedLength(keySaltBase64) < 0)
        {
            throw new ArgumentException("The key||salt must be non-empty base64 (RFC 4568 §6.1).", nameof(keySaltBase64));
        }

        if (mkiValue.HasValue != mkiLength.HasValue || mkiLength is < 1 or > 128)
        {
            throw new ArgumentException("The MKI needs both a value and a length of 1..128 bytes (RFC 4568 §6.1).", nameof(mkiLength));
        }

        KeySaltBase64 = keySaltBase64;
        Lifetime = lifetime;
        MkiValue = mkiValue;
        MkiLength = mkiLength;
    }

    /// <summary>The base64 master key || master salt as written.</summary>
    public string KeySaltBase64 { get; }

    /// <summary>The master key lifetime, or <see langword="null"/> when not given.</summary>
    public SdpSrtpLifetime? Lifetime { get; }

    /// <summary>The MKI value, or <see langword="null"/> when the parameter has no MKI.</summary>
    public ulong? MkiValue { get; }

    /// <summary>The MKI length in bytes (1..128), or <see langword="null"/>.</summary>
    public int? MkiLength { get; }

    /// <summary>The length of the decoded key||salt in bytes.</summary>
    public int KeySaltLength => DecodedLength(KeySaltBase64);

    /// <summary>Creates a key parameter from raw key||salt bytes.</summary>
    /// <param name="keySalt">Master key followed by master salt.</param>
    /// <param name="lifetime">The lifetime, or <see langword="null"/>.</param>
    /// <param name="mkiValue">The MKI value, or <see langword="null"/>.</param>
    /// <param name="mkiLength">The MKI length with <paramref name="mkiValue"/>.</param>
    /// <returns>The key parameter.</returns>
    /// <exception cref="ArgumentException"><paramref name="keySalt"/> is empty or the MKI is inconsistent.</exception>
    public static SdpSrtpKeyParameter FromKeySalt(ReadOnlySpan<byte> keySalt, SdpSrtpLifetime? lifetime = null, ulong? mkiValue = null, int? mkiLength = null)
    {
        if (keySalt.IsEmpty)
        {
            throw new ArgumentException("The key||salt is empty.", nameof(keySalt));
        }

        return new SdpSrtpKeyParameter(Convert.ToBase64String(keySalt), lifetime, mkiValue, mkiLength);
    }

    /// <summary>Decodes the key||salt into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="KeySaltLength"/> bytes; the caller zeroes it when done.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public int CopyKeySalt(Span<byte> destination)
    {
        if (!Convert.TryFromBase64String(KeySaltBase64, destination, out var written))
        {
            CryptographicOperations.ZeroMemory(destination);
            throw new ArgumentException($"The destination needs {KeySaltLength} bytes.", nameof(destination));
        }

        return written;
    }

    /// <summary>The key-param text: <c>inline:...</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = "inline:" + KeySaltBase64;
        if (Lifetime is { } lifetime)
        {
            text += "|" + lifetime.ToString();
        }

        if (MkiValue is { } mki)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"|{mki}:{MkiLength}");
        }

        return text;
    }

    internal static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SdpSrtpKeyParameter? parameter, out string problem)
    {
        parameter = null;

        // RFC 4568 §6.1 / §9.2: key-param = "inline:" key-salt ["|" lifetime] ["|" mki]
        if (!text.StartsWith("inline:", StringComparison.Ordinal))
        {
            problem = "the only SRTP key method is 'inline:' (RFC 4568 §9.2)";
            return false;
        }

        var info = text[7..];
        var bar = info.IndexOf('|');
        var keySalt = (bar < 0 ? info : info[..bar]).ToString();
        if (DecodedLength(keySalt) < 0)
        {
            problem = "key||salt is not base64";
            return false;
        }

        SdpSrtpLifetime? lifetime = null;
        ulong? mkiValue = null;
        int? mkiLength = null;
        var rest = bar < 0 ? ReadOnlySpan<char>.Empty : info[(bar + 1)..];
        var fields = 0;
        while (bar >= 0)
        {
            if (++fields > 2)
            {
                problem = "at most a lifetime and an MKI follow the key";
                return false;
            }

            bar = rest.IndexOf('|');
            var field = bar < 0 ? rest : rest[..bar];
            rest = bar < 0 ? default : rest[(bar + 1)..];
            var colon = field.IndexOf(':');
            if (colon >= 0)
            {
                // mki = mki-value ":" mki-length, mki-length 1..128; it must be the last field.
                if (mkiValue is not null || bar >= 0
                    || !SdpAttributeValue.TryParseUInt64(field[..colon], out var value)
                    || !SdpAttributeValue.TryParseInt(field[(colon + 1)..], 1, 128, out var length))
                {
                    problem = "MKI must be <value>:<length> with a length of 1..128, last";
                    return false;
                }

                mkiValue = value;
                mkiLength = length;
            }
            else
            {
                if (lifetime is not null || !SdpSrtpLifetime.TryParse(field, out var parsed))
                {
                    problem = "lifetime must be 2^n or a positive decimal, given once before the MKI";
                    return false;
                }

                lifetime = parsed;
            }
        }

        parameter = new SdpSrtpKeyParameter(keySalt, lifetime, mkiValue, mkiLength);
        problem = string.Empty;
        return true;
    }

    /// <summary>The decoded length of base64 <paramref name="text"/>, or -1 when it is not non-empty base64.</summary>
    private static int DecodedLength(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return -1;
        }

        Span<byte> scratch = stackalloc byte[192];
        var buffer = text.Length / 4 * 3 <= scratch.Length ? scratch : new byte[text.Length / 4 * 3];
        var ok = Convert.TryFromBase64String(text, buffer, out var written);
        CryptographicOperations.ZeroMemory(buffer);
        return ok && written > 0 ? written : -1;
    }
}
