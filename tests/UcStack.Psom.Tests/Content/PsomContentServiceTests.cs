using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Content;

[TestFixture]
public sealed class PsomContentServiceTests
{
    [Test]
    public async Task Publish_OverPsom_ParticipantsGetUrlAndKey_EndpointServesOnlyCiphertext()
    {
        await using var h = new PsomHarness();
        var port = FreePort();
        var prefix = $"http://127.0.0.1:{port}/psom-content/";
        var content = new PsomContentService(h.Server, new Uri(prefix));
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, Props(("title", "Q4")), persistent: true).WaitAsync(Guard);
        var slides = RandomNumberGenerator.GetBytes(100_000);

        var result = await alice.InvokeAsync(deck.ObjectId, PsomContentService.PublishMethod, Props(("data", PsomValue.FromBytes(slides)), ("mediaType", "application/pdf"))).WaitAsync(Guard);
        var contentId = result["objectId"].AsInteger();
        await EventuallyAsync(() => bob.Replica.TryGet(contentId, out _), "bob receives the content object");
        var announced = bob.Replica.Objects[contentId];
        Assert.That(announced.ParentId, Is.EqualTo(deck.ObjectId));
        Assert.That(announced["length"].AsInteger(), Is.EqualTo(slides.Length));

        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            await content.HandleAsync(context);
        });
        using var http = new HttpClient { Timeout = Guard };
        var blob = await http.GetByteArrayAsync(announced["contentUrl"].AsText());
        await serving.WaitAsync(Guard);

        Assert.That(blob.AsSpan().IndexOf(slides.AsSpan(0, 64)), Is.EqualTo(-1), "the endpoint never serves plaintext");
        var plain = PsomContentCipher.Decrypt(announced["contentKey"].AsBytes().Span, blob);
        Assert.That(plain, Is.EqualTo(slides));
        Assert.That(SHA256.HashData(plain), Is.EqualTo(announced["sha256"].AsBytes().ToArray()));
    }

    [Test]
    public async Task Publish_ByAttendee_Forbidden_AndEachItemGetsItsOwnKey()
    {
        await using var h = new PsomHarness();
        var content = new PsomContentService(h.Server, new Uri("https://wcs.example/c/"));
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await bob.InvokeAsync(1, PsomContentService.PublishMethod, Props(("data", PsomValue.FromBytes([1])))).WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.Forbidden));

        var first = await content.PublishAsync(Conference, 1, new byte[] { 1, 2, 3 }, "text/plain");
        var second = await content.PublishAsync(Conference, 1, new byte[] { 1, 2, 3 }, "text/plain");
        Assert.That(first["contentKey"], Is.Not.EqualTo(second["contentKey"]));
        Assert.That(first["contentUrl"], Is.Not.EqualTo(second["contentUrl"]));
        Assert.That(first["contentUrl"].AsText(), Does.StartWith("https://wcs.example/c/"));
    }

    [Test]
    public void Decrypt_TamperedOrWrongKey_Throws()
    {
        var blob = PsomContentCipher.Encrypt([1, 2, 3, 4], out var key);
        blob[^1] ^= 1;
        Assert.That(() => PsomContentCipher.Decrypt(key, blob), Throws.InstanceOf<CryptographicException>());
        blob[^1] ^= 1;
        Assert.That(PsomContentCipher.Decrypt(key, blob), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        key[0] ^= 1;
        Assert.That(() => PsomContentCipher.Decrypt(key, blob), Throws.InstanceOf<CryptographicException>());
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
