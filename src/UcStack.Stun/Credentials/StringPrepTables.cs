namespace UcStack.Stun;

/// <summary>
/// The RFC 3454 (stringprep) tables SASLprep uses, and the Unicode property ranges the PRECIS
/// FreeformClass needs that .NET does not expose. Ranges are inclusive code point pairs.
/// </summary>
internal static class StringPrepTables
{
    /// <summary>RFC 3454 B.1: commonly mapped to nothing.</summary>
    public static bool IsMappedToNothing(int c) =>
        c is 0x00AD or 0x034F or 0x1806 or (>= 0x180B and <= 0x180D) or (>= 0x200B and <= 0x200D)
            or 0x2060 or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF;

    /// <summary>RFC 3454 C.1.2: non-ASCII space characters.</summary>
    public static bool IsNonAsciiSpace(int c) =>
        c is 0x00A0 or 0x1680 or (>= 0x2000 and <= 0x200B) or 0x202F or 0x205F or 0x3000;

    /// <summary>RFC 4013 §2.3: the prohibited tables C.1.2 through C.9; returns the table name or null.</summary>
    public static string? ProhibitedBy(int c)
    {
        if (IsNonAsciiSpace(c))
        {
            return "RFC 3454 C.1.2";
        }

        if (c is <= 0x1F or 0x7F)
        {
            return "RFC 3454 C.2.1";
        }

        if (c is (>= 0x80 and <= 0x9F) or 0x06DD or 0x070F or 0x180E or 0x200C or 0x200D or 0x2028 or 0x2029
            or (>= 0x2060 and <= 0x2063) or (>= 0x206A and <= 0x206F) or 0xFEFF or (>= 0xFFF9 and <= 0xFFFC)
            or (>= 0x1D173 and <= 0x1D17A))
        {
            return "RFC 3454 C.2.2";
        }

        if (c is (>= 0xE000 and <= 0xF8FF) or (>= 0xF0000 and <= 0xFFFFD) or (>= 0x100000 and <= 0x10FFFD))
        {
            return "RFC 3454 C.3";
        }

        if (IsNoncharacter(c))
        {
            return "RFC 3454 C.4";
        }

        if (c is >= 0xD800 and <= 0xDFFF)
        {
            return "RFC 3454 C.5";
        }

        if (c is >= 0xFFF9 and <= 0xFFFD)
        {
            return "RFC 3454 C.6";
        }

        if (c is >= 0x2FF0 and <= 0x2FFB)
        {
            return "RFC 3454 C.7";
        }

        if (c is 0x0340 or 0x0341 or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x206A and <= 0x206F))
        {
            return "RFC 3454 C.8";
        }

        if (c is 0xE0001 or (>= 0xE0020 and <= 0xE007F))
        {
            return "RFC 3454 C.9";
        }

        return null;
    }

    /// <summary>Unicode Noncharacter_Code_Point: U+FDD0..U+FDEF and the last two code points of every plane.</summary>
    public static bool IsNoncharacter(int c) => c is >= 0xFDD0 and <= 0xFDEF || (c & 0xFFFE) == 0xFFFE;

    /// <summary>Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt).</summary>
    public static bool IsDefaultIgnorable(int c) =>
        c is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F)
            or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F) or 0x3164
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8)
            or (>= 0x1BCA0 and <= 0x1BCA3) or (>= 0x1D173 and <= 0x1D17A) or (>= 0xE0000 and <= 0xE0FFF);

    /// <summary>RFC 8264 §9.9 OldHangulJamo: the conjoining jamo blocks.</summary>
    public static bool IsOldHangulJamo(int c) =>
        c is (>= 0x1100 and <= 0x11FF) or (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF);

    /// <summary>
    /// Approximates RFC 3454 D.1 (bidirectional categories R and AL) by the right-to-left script blocks:
    /// .NET does not expose the bidirectional class. Only letters in those blocks count.
    /// </summary>
    public static bool IsRightToLeftBlock(int c) =>
        c is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFE)
            or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
