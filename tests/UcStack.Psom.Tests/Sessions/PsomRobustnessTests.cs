using System.Buffers.Binary;
using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Sessions;

[TestFixture]
public sealed class PsomRobustnessTests
{
    private static byte[] Hello(PsomHarness h, string user) => PsomFrameCodec.Encode(
        new PsomHelloMessage { Versions = [1], ConferenceId = Conference, User = user, Role = PsomRole.Presenter, Token = h.Token(user, PsomRole.Presenter) }, 1);

    [TestCase("garbage")]
    [TestCase("oversized")]
    [TestCase("badSequence")]
    [TestCase("flags")]
    [TestCase("serverMessage")]
    [TestCase("beforeHello")]
    public async Task BadFrame_ClosesOnlyThatSession(string kind)
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var raw = h.OpenRaw();
        if (kind != "beforeHello")
        {
            await raw.Output.WriteAsync(Hello(h, "mallory"));
            Assert.That((await PsomSessionTests.ReadFramesAsync(raw, 1))[0].Message, Is.TypeOf<PsomWelcomeMessage>());
        }

        byte[] bad = kind switch
        {
            "garbage" => UcStack.Psom.Tests.Wire.PsomFrameCodecPropertyTests.Frame((byte)PsomMessageType.Create, [0xff, 0x00, 0x13]),
            "oversized" => Oversized(),
            "badSequence" => PsomFrameCodec.Encode(new PsomPingMessage { Nonce = 1 }, 5),
            "flags" => WithFlags(PsomFrameCodec.Encode(new PsomPingMessage { Nonce = 1 }, 2)),
            "serverMessage" => PsomFrameCodec.Encode(new PsomAckMessage { RequestId = 1, ObjectId = 1, Version = 1, TreeVersion = 1 }, 2),
            _ => PsomFrameCodec.Encode(new PsomCreateMessage { RequestId = 1, ParentId = 1, TypeName = "x" }, 1),
        };
        await raw.Output.WriteAsync(bad);

        var reason = await h.ServerSessions[^1].WaitAsync(Guard);
        Assert.That(reason.Code, Is.EqualTo(PsomErrorCode.ProtocolError));
        var frames = await PsomSessionTests.ReadFramesAsync(raw, 1);
        Assert.That(frames.Single().Message, Is.TypeOf<PsomByeMessage>().With.Property(nameof(PsomByeMessage.Code)).EqualTo(PsomErrorCode.ProtocolError));

        var ack = await alice.CreateAsync(PsomObjectIds.Root, "x.y").WaitAsync(Guard);
        Assert.That(ack.TreeVersion, Is.EqualTo(1), "the other session carries on");
    }

    [Test]
    public async Task SlowConsumer_IsDroppedNotBuffered_OthersUnaffected()
    {
        await using var h = new PsomHarness(configure: o => o with { SendQueueCapacity = 8 });
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var raw = h.OpenRaw();
        await raw.Output.WriteAsync(Hello(h, "sloth"));
        await raw.Output.WriteAsync(PsomFrameCodec.Encode(new PsomSubscribeMessage { RequestId = 1, ObjectId = 1 }, 2));

        // The slow peer never reads again: its pipe fills, then its bounded queue, then it is dropped.
        var big = new string('x', 60_000);
        for (var i = 0; i < 200 && !h.ServerSessions[^1].IsCompleted; i++)
        {
            await alice.CreateAsync(PsomObjectIds.Root, "x.blob", Props(("data", big))).WaitAsync(Guard);
        }

        var reason = await h.ServerSessions[^1].WaitAsync(Guard);
        Assert.That(reason.Code, Is.EqualTo(PsomErrorCode.SlowConsumer));
        Assert.That((await alice.CreateAsync(PsomObjectIds.Root, "x.y").WaitAsync(Guard)).ObjectId, Is.GreaterThan(1));
    }

    private static byte[] Oversized()
    {
        var frame = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(frame, PsomWireLimits.DefaultMaxFrameLength);
        frame[4] = 1;
        frame[5] = (byte)PsomMessageType.Create;
        return frame;
    }

    private static byte[] WithFlags(byte[] frame)
    {
        frame[7] = 0x01;
        return frame;
    }
}
