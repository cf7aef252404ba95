namespace UcStack.Srtp.Tests.Rtp;

/// <summary>Builds byte arrays from readable hex in tests.</summary>
internal static class RtpTestBytes
{
    /// <summary>Parses hex with optional spaces, e.g. <c>"80 00 00 01"</c>.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
