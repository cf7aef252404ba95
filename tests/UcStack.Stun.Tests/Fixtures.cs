namespace UcStack.Stun.Tests;

/// <summary>Loads the byte-exact vector files copied into Fixtures/.</summary>
internal static class Fixtures
{
    public const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";
    public const string LongTermUsername = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    public const string LongTermPassword = "The\u00ADM\u00AAtr\u2168";
    public const string LongTermRealm = "example.org";
    public const string LongTermNonce = "f//499k954d6OL34oL9FSTvy64sA";

    public static byte[] Rfc5769(string name) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "rfc5769", name + ".bin"));

    public static string Rfc5769Hex(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "rfc5769", name + ".hex"));

    public static byte[] TransactionId(string hex) => Convert.FromHexString(hex);
}
