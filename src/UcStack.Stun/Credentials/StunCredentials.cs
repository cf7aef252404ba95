using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Stun;

/// <summary>
/// Key derivation for the STUN credential mechanisms (RFC 8489 §9) and the two string preparation
/// profiles STUN has used: PRECIS OpaqueString (RFC 8265, required by RFC 8489) and SASLprep (RFC 4013,
/// used by RFC 5389 and the RFC 5769 test vectors).
/// </summary>
/// <remarks>
/// What the profiles implement, exactly:
/// <list type="bullet">
/// <item><b>OpaqueString</b>: every Unicode space separator (Zs) other than U+0020 becomes U+0020;
/// NFC; then each code point is checked against the FreeformClass (RFC 8264 §9): unassigned (Cn),
/// controls (Cc), surrogates (Cs), private use (Co), format characters (Cf), line and paragraph
/// separators (Zl, Zp), Default_Ignorable and noncharacter code points, and old Hangul jamo are
/// rejected; join controls (CONTEXTJ) are rejected without evaluating their context rule; the
/// HasCompat exception for Cf/Co characters is not applied. An empty result is rejected.</item>
/// <item><b>SASLprep</b>: RFC 3454 B.1 code points are removed and C.1.2 spaces become U+0020; NFKC;
/// then the C.1.2-C.9 prohibitions. Unassigned code points are allowed (the "query" case). The
/// RFC 3454 §6 bidirectional rule uses the right-to-left script blocks as RandALCat and letters
/// outside them as LCat, because .NET does not expose the bidirectional class.</item>
/// </list>
/// Normalization uses <see cref="string.Normalize(NormalizationForm)"/>, so non-ASCII input needs ICU
/// (not globalization-invariant mode).
/// </remarks>
public static class StunCredentials
{
    /// <summary>Applies the PRECIS OpaqueString profile (RFC 8265 §4.2); see the class remarks for the exact rules.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The prepared string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="StunStringPreparationException">The string is empty after preparation or holds a disallowed code point.</exception>
    /// <exception cref="PlatformNotSupportedException">The string is not ASCII and Unicode normalization is unavailable (globalization-invariant mode).</exception>
    public static string PrepareOpaqueString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RejectLoneSurrogates(value, StunPasswordProfile.OpaqueString);
        if (IsPlainAscii(value))
        {
            // ASCII7 code points are PVALID and already NFC; only controls need the check below.
            return CheckOpaque(value);
        }

        var mapped = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            // RFC 8265 §4.2.1: map any instances of non-ASCII space to SPACE (U+0020).
            if (rune.Value != 0x20 && Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
            {
                mapped.Append(' ');
            }
            else
            {
                mapped.Append(rune.ToString());
            }
        }

        EnsureNormalizationAvailable();
        return CheckOpaque(mapped.ToString().Normalize(NormalizationForm.FormC));
    }

    /// <summary>Applies SASLprep (RFC 4013); see the class remarks for the exact rules.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The prepared string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="StunStringPreparationException">The string holds a prohibited code point or breaks the bidirectional rule.</exception>
    /// <exception cref="PlatformNotSupportedException">The string is not ASCII and Unicode normalization is unavailable (globalization-invariant mode).</exception>
    public static string PrepareSaslPrep(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RejectLoneSurrogates(value, StunPasswordProfile.SaslPrep);
        string normalized;
        if (IsPlainAscii(value))
        {
            normalized = value;
        }
        else
        {
            var mapped = new StringBuilder(value.Length);
            foreach (var rune in value.EnumerateRunes())
            {
                // RFC 4013 §2.1: C.1.2 maps to SPACE, B.1 maps to nothing.
                if (StringPrepTables.IsNonAsciiSpace(rune.Value))
                {
                    mapped.Append(' ');
                }
                else if (!StringPrepTables.IsMappedToNothing(rune.Value))
                {
                    mapped.Append(rune.ToString());
                }
            }

            // RFC 4013 §2.2: Unicode normalization form KC.
            EnsureNormalizationAvailable();
            normalized = mapped.ToString().Normalize(NormalizationForm.FormKC);
        }

        var index = 0;
        bool hasRandAL = false, hasL = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            // RFC 4013 §2.3: prohibited output.
            var rule = StringPrepTables.ProhibitedBy(rune.Value);
            if (rule is not null)
            {
                throw new StunStringPreparationException(StunPasswordProfile.SaslPrep, rule, index, rune.Value);
            }

            if (Rune.IsLetter(rune))
            {
                if (StringPrepTables.IsRightToLeftBlock(rune.Value))
                {
                    hasRandAL = true;
                }
                else
                {
                    hasL = true;
                }
            }

            index += rune.Utf16SequenceLength;
        }

        // RFC 3454 §6: a string with RandALCat characters must not contain LCat ones, and must start and end with RandALCat.
        if (hasRandAL && (hasL || !IsRandAL(normalized, first: true) || !IsRandAL(normalized, first: false)))
        {
            throw new StunStringPreparationException(StunPasswordProfile.SaslPrep, "RFC 3454 §6 bidirectional rule", 0, normalized.Length > 0 ? char.ConvertToUtf32(normalized, 0) : -1);
        }

        return normalized;
    }

    /// <summary>Applies <paramref name="profile"/> to <paramref name="value"/>.</summary>
    /// <param name="value">The string.</param>
    /// <param name="profile">The profile.</param>
    /// <returns>The prepared string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not defined.</exception>
    /// <exception cref="StunStringPreparationException">The profile rejects the string.</exception>
    public static string Prepare(string value, StunPasswordProfile profile) => profile switch
    {
        StunPasswordProfile.OpaqueString => PrepareOpaqueString(value),
        StunPasswordProfile.SaslPrep => PrepareSaslPrep(value),
        StunPasswordProfile.None => value ?? throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown password profile."),
    };

    /// <summary>Short-term key (RFC 8489 §9.1.2): UTF-8 of the prepared password. The caller should zero it after use.</summary>
    /// <param name="password">The password.</param>
    /// <param name="profile">The string preparation.</param>
    /// <returns>The key bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="StunStringPreparationException">The profile rejects the password.</exception>
    public static byte[] DeriveShortTermKey(string password, StunPasswordProfile profile = StunPasswordProfile.OpaqueString) =>
        Encoding.UTF8.GetBytes(Prepare(password, profile));

    /// <summary>
    /// Long-term key (RFC 8489 §9.2.2; RFC 5389 §15.4 for MD5):
    /// <c>H(username ":" profile(realm) ":" profile(password))</c> with H = MD5 or SHA-256. The caller should zero it after use.
    /// </summary>
    /// <param name="username">The username exactly as it goes into USERNAME.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="password">The password.</param>
    /// <param name="algorithm">MD5 or SHA-256.</param>
    /// <param name="profile">The string preparation for realm and password.</param>
    /// <returns>16 bytes (MD5) or 32 bytes (SHA-256).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not MD5 or SHA-256.</exception>
    /// <exception cref="StunStringPreparationException">The profile rejects the realm or password.</exception>
    public static byte[] DeriveLongTermKey(
        string username,
        string realm,
        string password,
        StunPasswordAlgorithm algorithm = StunPasswordAlgorithm.Md5,
        StunPasswordProfile profile = StunPasswordProfile.OpaqueString)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        if (algorithm is not (StunPasswordAlgorithm.Md5 or StunPasswordAlgorithm.Sha256))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Only MD5 and SHA-256 long-term keys are defined (RFC 8489 §18.5).");
        }

        var input = Encoding.UTF8.GetBytes(string.Concat(username, ":", Prepare(realm, profile), ":", Prepare(password, profile)));
        try
        {
            // RFC 5389 §15.4 / RFC 8489 §9.2.2; MD5 is what the protocol specifies, not a choice of ours.
#pragma warning disable CA5351 // Do Not Use Broken Cryptographic Algorithms
            return algorithm == StunPasswordAlgorithm.Md5 ? MD5.HashData(input) : SHA256.HashData(input);
#pragma warning restore CA5351
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>USERHASH (RFC 8489 §14.4): SHA-256 of <c>profile(username) ":" profile(realm)</c>.</summary>
    /// <param name="username">The username.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="profile">The string preparation (OpaqueString in RFC 8489).</param>
    /// <returns>32 bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="StunStringPreparationException">The profile rejects the username or realm.</exception>
    public static byte[] ComputeUserhash(string username, string realm, StunPasswordProfile profile = StunPasswordProfile.OpaqueString)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        return SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(Prepare(username, profile), ":", Prepare(realm, profile))));
    }

    private static string CheckOpaque(string prepared)
    {
        // RFC 8265 §4.2.2 / RFC 8264 §5.2: an empty string is not allowed.
        if (prepared.Length == 0)
        {
            throw new StunStringPreparationException("OpaqueString: the string is empty after preparation (RFC 8265 §4.2).");
        }

        var index = 0;
        foreach (var rune in prepared.EnumerateRunes())
        {
            var rule = FreeformDisallowedBy(rune);
            if (rule is not null)
            {
                throw new StunStringPreparationException(StunPasswordProfile.OpaqueString, rule, index, rune.Value);
            }

            index += rune.Utf16SequenceLength;
        }

        return prepared;
    }

    // RFC 8264 §8 and §9, in the order the derived-property algorithm applies them.
    private static string? FreeformDisallowedBy(Rune rune)
    {
        var c = rune.Value;
        if (c is >= 0x21 and <= 0x7E or 0x20)
        {
            return null;
        }

        var category = Rune.GetUnicodeCategory(rune);
        if (category == UnicodeCategory.OtherNotAssigned)
        {
            return "RFC 8264 §9.13 Unassigned";
        }

        if (c is 0x200C or 0x200D)
        {
            return "RFC 8264 §9.8 JoinControl (context not evaluated)";
        }

        if (StringPrepTables.IsOldHangulJamo(c))
        {
            return "RFC 8264 §9.9 OldHangulJamo";
        }

        if (StringPrepTables.IsDefaultIgnorable(c) || StringPrepTables.IsNoncharacter(c))
        {
            return "RFC 8264 §9.13 PrecisIgnorableProperties";
        }

        return category switch
        {
            UnicodeCategory.Control => "RFC 8264 §9.12 Controls",
            UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "RFC 8264 §9.11 not in FreeformClass",
            _ => null,
        };
    }

    // In globalization-invariant mode string.Normalize leaves non-ASCII text unchanged, which would
    // silently derive a wrong key: probe with a compatibility character and refuse instead.
    private static void EnsureNormalizationAvailable()
    {
        if ("\u00AA".Normalize(NormalizationForm.FormKC) != "a")
        {
            throw new PlatformNotSupportedException(
                "Unicode normalization is unavailable (globalization-invariant mode?), so non-ASCII passwords and realms cannot be prepared. Run with ICU, or use StunPasswordProfile.None with an already prepared string.");
        }
    }

    private static bool IsPlainAscii(string value)
    {
        foreach (var ch in value)
        {
            if (ch > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static void RejectLoneSurrogates(string value, StunPasswordProfile profile)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new StunStringPreparationException(profile, "lone surrogate", i, value[i]);
            }
        }
    }

    private static bool IsRandAL(string value, bool first)
    {
        var rune = first ? Rune.GetRuneAt(value, 0) : LastRune(value);
        return Rune.IsLetter(rune) && StringPrepTables.IsRightToLeftBlock(rune.Value);
    }

    private static Rune LastRune(string value) =>
        value.Length >= 2 && char.IsLowSurrogate(value[^1]) ? Rune.GetRuneAt(value, value.Length - 2) : new Rune(value[^1]);
}
