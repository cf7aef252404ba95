using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

public sealed partial class TurnServerEngineTests
{
    private static Gen<byte[]> RandomBytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    [Test]
    public void HandleClientMessage_RandomBytes_NeverThrowsAndAnswersOnlyWithStun()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        h.ChannelBind(link, 0x4000, EngineHarness.PeerA);
        var before = link.Sent.Count;

        Prop.ForAll(RandomBytes(200).ToArbitrary(), bytes =>
        {
            h.Engine.HandleClientMessage(link, bytes);
            return true;
        }).QuickCheckThrowOnFailure();

        foreach (var sent in link.Sent.Skip(before))
        {
            Assert.That(StunMessageReader.TryParse(sent, out _, out _), Is.True, "every reply is well-formed STUN");
        }
    }

    [Test]
    public void HandleClientMessage_MutatedAuthenticatedRequests_NeverThrowOrSucceedUnauthenticated()
    {
        using var h = new EngineHarness();
        var link = EngineHarness.Client();
        h.Allocate(link);
        var nonce = h.Nonce(link);
        var templates = new[]
        {
            h.Request(StunMethod.Refresh, static (ref StunMessageWriter w) => w.AddLifetime(600), nonce),
            h.Request(StunMethod.CreatePermission, static (ref StunMessageWriter w) => w.AddXorPeerAddress(EngineHarness.PeerA), nonce),
            h.Request(StunMethod.ChannelBind, static (ref StunMessageWriter w) =>
            {
                w.AddChannelNumber(0x4001);
                w.AddXorPeerAddress(EngineHarness.PeerB);
            }, nonce),
        };

        var mutations =
            from template in Gen.Elements(templates)
            from index in Gen.Choose(0, template.Length - 1)
            from value in Gen.Choose(0, 255)
            select (template, index, (byte)value);

        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var (template, index, value) = m;
            var mutated = (byte[])template.Clone();
            mutated[index] ^= value == 0 ? (byte)1 : value;
            var before = link.Sent.Count;
            h.Engine.HandleClientMessage(link, mutated);
            if (link.Sent.Count == before || index < 20)
            {
                // No answer, or the header changed (type or transaction id): nothing more to check.
                return true;
            }

            // A change in the integrity-protected attributes must never be accepted.
            var reply = EngineHarness.Parse(link.Sent[^1]);
            return reply.Class == StunMessageClass.ErrorResponse;
        }).QuickCheckThrowOnFailure();
    }
}
