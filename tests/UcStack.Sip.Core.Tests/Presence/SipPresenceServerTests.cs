using UcStack.Sip.Presence;
using UcStack.Sip.Tests.Proxy;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Presence;

[TestFixture]
public sealed class SipPresenceServerTests
{
    private DomainHarness _harness = null!;
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = new DomainHarness();
        _alice = _harness.AddAgent("alice");
        _bob = _harness.AddAgent("bob");
        await _harness.RegisterAsync(_alice, "alice");
        await _harness.RegisterAsync(_bob, "bob");
    }

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private async Task<SipResponse> Publish(PidfDocument? document, string? ifMatch = null, string expires = "600", string presentity = "sip:alice@example.org")
    {
        var builder = _alice.Endpoint.CreateRequest("PUBLISH", presentity).AddHeader("Event", "presence").AddHeader("Expires", expires);
        if (ifMatch is not null) builder.AddHeader("SIP-If-Match", ifMatch);
        if (document is not null) builder.SetBody(document.ToBytes(), PidfDocument.ContentType);
        return await _harness.Run(_alice.Endpoint.SendRequestAsync(builder.Build(), DomainHarness.ServerTarget()));
    }

    private static PidfDocument Doc(PidfBasicStatus status, string? note = null) => new("sip:alice@example.org", status, note);

    [Test]
    public async Task Publish_ThenModify_SubscriberSeesEveryChange()
    {
        var seen = new List<PidfDocument>();
        var subscription = await _harness.Run(_bob.SubscribeAsync("sip:alice@example.org", "presence", TimeSpan.FromMinutes(10), PidfDocument.ContentType, DomainHarness.ServerTarget()));
        subscription.NotificationReceived += (_, n) =>
        {
            if (!n.Body.IsEmpty) lock (seen) seen.Add(PidfDocument.Parse(n.Body.Span));
        };

        using var first = await Publish(Doc(PidfBasicStatus.Open, "in the office"));
        Assert.That(first.StatusCode, Is.EqualTo(200));
        var etag = first.Headers.GetValues("SIP-ETag").Single();
        await _harness.RunUntil(() => { lock (seen) return seen.Count >= 1; });

        using var second = await Publish(Doc(PidfBasicStatus.Closed, "gone home"), etag);
        Assert.That(second.StatusCode, Is.EqualTo(200));
        Assert.That(second.Headers.GetValues("SIP-ETag").Single(), Is.Not.EqualTo(etag), "a fresh entity-tag per PUBLISH");
        await _harness.RunUntil(() => { lock (seen) return seen.Count >= 2; });
        lock (seen) Assert.That(seen.TakeLast(2), Is.EqualTo(new[] { Doc(PidfBasicStatus.Open, "in the office"), Doc(PidfBasicStatus.Closed, "gone home") }));
    }

    [Test]
    public async Task Publish_UnknownEntityTag_Answers412()
    {
        using var response = await Publish(Doc(PidfBasicStatus.Open), "no-such-tag");
        Assert.That(response.StatusCode, Is.EqualTo(412));
    }

    [Test]
    public async Task Publish_ForAnotherUser_Answers403()
    {
        using var response = await Publish(Doc(PidfBasicStatus.Open), presentity: "sip:bob@example.org");
        Assert.That(response.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task Publish_InitialWithoutBody_Answers400_TooShort_Answers423()
    {
        using var empty = await Publish(null);
        using var brief = await Publish(Doc(PidfBasicStatus.Open), expires: "5");
        Assert.That(empty.StatusCode, Is.EqualTo(400));
        Assert.That(brief.StatusCode, Is.EqualTo(423));
        Assert.That(brief.Headers.GetValues("Min-Expires"), Is.EqualTo(new[] { "60" }));
    }

    [Test]
    public async Task Publication_Expires_PresenceFallsBackToClosed()
    {
        using var response = await Publish(Doc(PidfBasicStatus.Open), expires: "60");
        Assert.That(_harness.Server.Presence.GetPresence("sip:alice@example.org").Status, Is.EqualTo(PidfBasicStatus.Open));
        await _harness.RunUntil(() => false, TimeSpan.FromSeconds(61));
        Assert.That(_harness.Server.Presence.GetPresence("sip:alice@example.org").Status, Is.EqualTo(PidfBasicStatus.Closed));
    }

    [Test]
    public async Task Publish_RemoveWithExpiresZero_EndsThePublication()
    {
        using var first = await Publish(Doc(PidfBasicStatus.Open));
        using var removed = await Publish(null, first.Headers.GetValues("SIP-ETag").Single(), expires: "0");
        Assert.That(removed.StatusCode, Is.EqualTo(200));
        Assert.That(_harness.Server.Presence.GetPresence("sip:alice@example.org").Status, Is.EqualTo(PidfBasicStatus.Closed));
    }

    [Test]
    public async Task Subscribe_UnknownPresentity_IsRefused404()
    {
        var failure = Assert.ThrowsAsync<SipSubscriptionException>(async () =>
            await _harness.Run(_bob.SubscribeAsync("sip:mallory@example.org", "presence", TimeSpan.FromMinutes(10), null, DomainHarness.ServerTarget())));
        Assert.That(failure!.StatusCode, Is.EqualTo(404));
    }
}
