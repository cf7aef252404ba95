using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Proxy;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Registrar;

[TestFixture]
public sealed class SipRegistrarTests
{
    private DomainHarness _harness = null!;
    private SipUserAgent _alice = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new DomainHarness(o => o with { RequireAuthentication = false });
        _alice = _harness.AddAgent("alice");
    }

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private async Task<SipResponse> Register(string contact, string? expires, string callId = "call-1", uint cseq = 1, string aor = "sip:alice@example.org")
    {
        // Built by hand: CreateRequest would add the endpoint's own Contact.
        var builder = new SipRequestBuilder("REGISTER", "sip:example.org")
            .AddHeader("Via", _alice.Endpoint.NewVia(UcStack.Sip.Transport.SipTransportProtocol.Udp))
            .SetMaxForwards()
            .SetFrom(aor)
            .SetTo(aor)
            .SetCallId(callId)
            .SetCSeq(cseq);
        if (contact.Length > 0) builder.AddHeader("Contact", contact);
        if (expires is not null) builder.AddHeader("Expires", expires);
        return await _harness.Run(_alice.Endpoint.SendRequestAsync(builder.Build(), DomainHarness.ServerTarget()));
    }

    private async Task<IReadOnlyList<SipBinding>> Bindings(string aor = "sip:alice@example.org") =>
        await _harness.Server.Locations.LookupAsync(aor);

    [Test]
    public async Task Register_TwoContacts_BindsBothAndListsThemBestQFirst()
    {
        using var response = await Register("<sip:alice@10.0.0.1:5060>;q=0.5, <sip:alice@10.0.0.1:5070>;q=0.9", "600");
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Contacts.Select(c => c.Uri!.ToString()), Is.EqualTo(new[] { "sip:alice@10.0.0.1:5070", "sip:alice@10.0.0.1:5060" }));
        Assert.That(response.Contacts.Select(c => c.Expires), Is.All.EqualTo(600u));
        Assert.That(response.Headers.Contains("Date"), Is.True);
        Assert.That(await Bindings(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Register_ExpiresBelowMinimum_Answers423WithMinExpires()
    {
        using var response = await Register("<sip:alice@10.0.0.1:5060>", "10");
        Assert.That(response.StatusCode, Is.EqualTo(423));
        Assert.That(response.Headers.GetValues("Min-Expires"), Is.EqualTo(new[] { "60" }));
        Assert.That(await Bindings(), Is.Empty);
    }

    [Test]
    public async Task Register_ExpiresAboveMaximum_IsShortened()
    {
        using var response = await Register("<sip:alice@10.0.0.1:5060>;expires=99999", null);
        Assert.That(response.Contacts.Single().Expires, Is.EqualTo(3600u));
    }

    [Test]
    public async Task Register_WildcardWithExpiresZero_RemovesEveryBinding()
    {
        (await Register("<sip:alice@10.0.0.1:5060>, <sip:alice@10.0.0.1:5070>", "600", cseq: 1)).Dispose();
        using var response = await Register("*", "0", cseq: 2);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Contacts, Is.Empty);
        Assert.That(await Bindings(), Is.Empty);
    }

    [TestCase("600")]
    [TestCase(null)]
    public async Task Register_WildcardWithoutExpiresZero_Answers400(string? expires)
    {
        using var response = await Register("*", expires);
        Assert.That(response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Register_SameCallIdNotHigherCSeq_FailsAndKeepsTheBinding()
    {
        (await Register("<sip:alice@10.0.0.1:5060>", "600", cseq: 5)).Dispose();
        using var response = await Register("<sip:alice@10.0.0.1:5060>", "0", cseq: 5);
        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(await Bindings(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Register_OtherCallIdLowerCSeq_IsApplied()
    {
        (await Register("<sip:alice@10.0.0.1:5060>", "600", callId: "a", cseq: 5)).Dispose();
        using var response = await Register("<sip:alice@10.0.0.1:5060>", "0", callId: "b", cseq: 1);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(await Bindings(), Is.Empty);
    }

    [Test]
    public async Task Register_NoContact_IsAQueryListingBindings()
    {
        (await Register("<sip:alice@10.0.0.1:5060>", "600", cseq: 1)).Dispose();
        using var response = await Register(string.Empty, null, cseq: 2);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Contacts.Single().Uri!.ToString(), Is.EqualTo("sip:alice@10.0.0.1:5060"));
    }

    [TestCase("sip:mallory@example.org", 404)]
    [TestCase("sip:alice@elsewhere.test", 404)]
    public async Task Register_UnknownUserOrDomain_Answers404(string aor, int status)
    {
        using var response = await Register("<sip:x@10.0.0.1:5060>", "600", aor: aor);
        Assert.That(response.StatusCode, Is.EqualTo(status));
    }

    [Test]
    public async Task Binding_Lapses_WhenItsLifetimeHasPassed()
    {
        (await Register("<sip:alice@10.0.0.1:5060>", "60")).Dispose();
        Assert.That(await Bindings(), Has.Count.EqualTo(1));
        _harness.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await Bindings(), Is.Empty);
    }
}

[TestFixture]
public sealed class SipRegistrarDigestTests
{
    [Test]
    public async Task Register_WithDigest_ChallengedThenBound()
    {
        await using var harness = new DomainHarness();
        var alice = harness.AddAgent("alice");
        await harness.RegisterAsync(alice, "alice");
        var bindings = await harness.Server.Locations.LookupAsync("sip:alice@example.org");
        Assert.That(bindings.Single().AuthenticatedUser, Is.EqualTo("alice"));
    }

    [Test]
    public async Task Register_WrongPassword_Fails401()
    {
        await using var harness = new DomainHarness();
        var alice = harness.AddAgent("alice");
        var failure = Assert.ThrowsAsync<SipRegistrationException>(async () => await harness.RegisterAsync(alice, "alice", "wrong"));
        Assert.That(failure!.StatusCode, Is.EqualTo(401));
        Assert.That(await harness.Server.Locations.LookupAsync("sip:alice@example.org"), Is.Empty);
    }

    [Test]
    public async Task Register_AnotherUsersAddressOfRecord_Answers403()
    {
        await using var harness = new DomainHarness();
        var alice = harness.AddAgent("alice");
        var registration = new SipRegistration(alice.Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:example.org",
            AddressOfRecord = "sip:bob@example.org",
            Username = "alice",
            Password = "alicepass",
            Target = DomainHarness.ServerTarget(),
        });
        var failure = Assert.ThrowsAsync<SipRegistrationException>(async () => await harness.Run(registration.RegisterAsync()));
        Assert.That(failure!.StatusCode, Is.EqualTo(403));
    }
}
