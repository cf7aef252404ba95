namespace UcStack.Sdp.Tests.OfferAnswer;

/// <summary>A key provider with predictable output, so tests can check which key went where.</summary>
internal sealed class CountingKeyProvider : ISdpCryptoKeyProvider
{
    public int Calls { get; private set; }

    public void Fill(string suite, Span<byte> keySalt)
    {
        Calls++;
        keySalt.Fill((byte)Calls);
    }
}
