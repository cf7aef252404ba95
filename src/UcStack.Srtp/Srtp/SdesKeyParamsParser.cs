using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp;

/// <summary>
/// Parses the key-params of an SDES <c>a=crypto</c> line (RFC 4568 §9.2):
/// <c>key-params = "inline:" key-salt ["|" lifetime] ["|" mki-value ":" mki-length]</c>, several joined by <c>;</c>.
/// </summary>
internal static class SdesKeyParamsParser
{
    /// <summary>Longest key-params field accepted; a real one with 16 keys is well under 1 KiB.</summary>
    internal const int MaxLength = 4096;

    private const string InlinePrefix = "inline:";

    internal static SrtpMasterKey[] Parse(SrtpSuite suite, string text)
    {
        if (text.Length == 0 || text.Length > MaxLength)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.Empty, 0, $"the key-params field is {text.Length} characters; 1 to {MaxLength} are accepted");
        }

        var keys = new List<SrtpMasterKey>();
        try
        {
            var start = 0;
            while (true)
            {
                var end = text.IndexOf(';', start);
                if (end < 0)
                {
                    end = text.Length;
                }

                if (keys.Count == SrtpPolicy.MaxMasterKeys)
                {
                    throw new SdesKeyParamsException(SdesKeyParamsError.TooManyKeys, start, $"more than {SrtpPolicy.MaxMasterKeys} key-params");
                }

                keys.Add(ParseOne(suite, text, start, end));
                if (end == text.Length)
                {
                    break;
                }

                start = end + 1;
            }

            CheckMkis(keys, text);
            return [.. keys];
        }
        catch
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }

            throw;
        }
    }

    private static SrtpMasterKey ParseOne(SrtpSuite suite, string text, int start, int end)
    {
        if (start == end)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.Empty, start, "empty key-params element");
        }

        // RFC 4568 §9.2: key-method is a token; ABNF literals are case-insensitive, so "INLINE:" is accepted too.
        if (end - start < InlinePrefix.Length || string.Compare(text, start, InlinePrefix, 0, InlinePrefix.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.UnsupportedKeyMethod, start, "the key method must be 'inline:'");
        }

        var keySaltStart = start + InlinePrefix.Length;
        var keySaltEnd = IndexOf(text, '|', keySaltStart, end);
        var keyMaterial = DecodeKeySalt(suite, text, keySaltStart, keySaltEnd);
        try
        {
            ulong? lifetime = null;
            scoped Span<byte> mki = default;
            Span<byte> mkiBuffer = stackalloc byte[SrtpMasterKey.MaxMkiLength];
            var fieldStart = keySaltEnd + 1;
            var fieldIndex = 0;
            while (fieldStart <= end && keySaltEnd < end)
            {
                var fieldEnd = IndexOf(text, '|', fieldStart, end);
                var field = text.AsSpan(fieldStart, fieldEnd - fieldStart);
                if (field.Contains(':'))
                {
                    if (!mki.IsEmpty)
                    {
                        throw new SdesKeyParamsException(SdesKeyParamsError.InvalidMki, fieldStart, "more than one MKI field");
                    }

                    mki = ParseMki(field, fieldStart, mkiBuffer);
                }
                else if (fieldIndex == 0 && lifetime is null)
                {
                    lifetime = ParseLifetime(field, fieldStart);
                }
                else
                {
                    // RFC 4568 §9.2: the lifetime, when present, comes before the MKI.
                    throw new SdesKeyParamsException(SdesKeyParamsError.InvalidMki, fieldStart, "unexpected field after the lifetime or MKI");
                }

                fieldIndex++;
                if (fieldEnd == end)
                {
                    break;
                }

                fieldStart = fieldEnd + 1;
            }

            return new SrtpMasterKey(
                keyMaterial.AsSpan(0, suite.MasterKeyLength),
                keyMaterial.AsSpan(suite.MasterKeyLength, suite.MasterSaltLength),
                mki,
                lifetime);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyMaterial);
        }
    }

    private static byte[] DecodeKeySalt(SrtpSuite suite, string text, int start, int end)
    {
        var encoded = text.AsSpan(start, end - start);
        var decoded = new byte[(encoded.Length * 3 / 4) + 3];
        try
        {
            if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, decoded, out var written))
            {
                throw new SdesKeyParamsException(SdesKeyParamsError.InvalidBase64, start, "the key-salt is not valid base64");
            }

            if (written != suite.KeyMaterialLength)
            {
                throw new SdesKeyParamsException(
                    SdesKeyParamsError.WrongKeyLength,
                    start,
                    $"the key-salt decodes to {written} octets; {suite.Name} needs {suite.MasterKeyLength} + {suite.MasterSaltLength} = {suite.KeyMaterialLength}");
            }

            var result = decoded.AsSpan(0, written).ToArray();
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    private static ulong ParseLifetime(ReadOnlySpan<char> field, int offset)
    {
        // RFC 4568 §9.2: lifetime = ["2^"] 1*(DIGIT)
        if (field.StartsWith("2^", StringComparison.Ordinal))
        {
            if (!TryParseDigits(field[2..], out var exponent))
            {
                throw new SdesKeyParamsException(SdesKeyParamsError.InvalidLifetime, offset, "the lifetime exponent is not a decimal number");
            }

            if (exponent > 48)
            {
                throw new SdesKeyParamsException(SdesKeyParamsError.LifetimeTooLarge, offset, $"the lifetime 2^{exponent} exceeds 2^48 packets (RFC 3711 §9.2)");
            }

            return 1UL << (int)exponent;
        }

        if (!TryParseDigits(field, out var packets) || packets == 0)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.InvalidLifetime, offset, "the lifetime is not a positive decimal number or 2^n");
        }

        if (packets > SrtpMasterKey.MaxLifetime)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.LifetimeTooLarge, offset, "the lifetime exceeds 2^48 packets (RFC 3711 §9.2)");
        }

        return packets;
    }

    private static Span<byte> ParseMki(ReadOnlySpan<char> field, int offset, Span<byte> buffer)
    {
        // RFC 4568 §9.2: mki = mki-value ":" mki-length; mki-value = 1*DIGIT; mki-length = 1*3DIGIT (1..128).
        var colon = field.IndexOf(':');
        if (!TryParseDigits(field[..colon], out var value) || !TryParseDigits(field[(colon + 1)..], out var length) || field.Length - colon - 1 > 3)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.InvalidMki, offset, "the MKI is not 'value:length' in decimal");
        }

        if (length is < 1 or > SrtpMasterKey.MaxMkiLength)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.UnsupportedMkiLength, offset, $"the MKI length {length} is outside 1 to {SrtpMasterKey.MaxMkiLength}");
        }

        if (length < 8 && value >> (int)(length * 8) != 0)
        {
            throw new SdesKeyParamsException(SdesKeyParamsError.MkiValueTooLarge, offset, $"the MKI value does not fit in {length} octets");
        }

        Span<byte> wide = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(wide, value);
        var mki = buffer[..(int)length];
        wide[(8 - (int)length)..].CopyTo(mki);
        return mki;
    }

    private static void CheckMkis(List<SrtpMasterKey> keys, string text)
    {
        if (keys.Count < 2)
        {
            return;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].Mki.IsEmpty)
            {
                throw new SdesKeyParamsException(SdesKeyParamsError.MkiRequired, OffsetOfElement(text, i), "several keys are given, so each needs an MKI (RFC 4568 §6.1)");
            }

            if (keys[i].Mki.Length != keys[0].Mki.Length)
            {
                throw new SdesKeyParamsException(SdesKeyParamsError.MkiLengthMismatch, OffsetOfElement(text, i), "MKI lengths differ (RFC 4568 §6.1)");
            }

            for (var j = 0; j < i; j++)
            {
                if (keys[i].Mki.SequenceEqual(keys[j].Mki))
                {
                    throw new SdesKeyParamsException(SdesKeyParamsError.DuplicateMki, OffsetOfElement(text, i), $"key-params {i} repeats the MKI of key-params {j}");
                }
            }
        }
    }

    private static int OffsetOfElement(string text, int element)
    {
        var offset = 0;
        for (var i = 0; i < element; i++)
        {
            offset = text.IndexOf(';', offset) + 1;
        }

        return offset;
    }

    private static int IndexOf(string text, char c, int start, int end)
    {
        var found = text.AsSpan(start, end - start).IndexOf(c);
        return found < 0 ? end : start + found;
    }

    /// <summary>Parses 1 to 19 ASCII digits; no sign, no spaces.</summary>
    private static bool TryParseDigits(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (ulong)(c - '0');
        }

        return true;
    }
}
