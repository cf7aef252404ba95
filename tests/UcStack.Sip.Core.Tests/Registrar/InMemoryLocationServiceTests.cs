using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Registrar;

namespace UcStack.Sip.Tests.Registrar;

[TestFixture]
public sealed class InMemoryLocationServiceTests
{
    private const string Aor = "sip:alice@example.org";

    private static SipBindingUpdate Update(string callId, uint cseq, params (string Contact, int Seconds)[] changes) =>
        new(Aor, callId, cseq, false, [.. changes.Select(c => new SipContactChange(AddressUri.Parse(c.Contact), TimeSpan.FromSeconds(c.Seconds), 1m))], null, "alice");

    [Test]
    public async Task Apply_ThenExpire_SweepDropsTheAddressOfRecord()
    {
        var time = new FakeTimeProvider();
        using var service = new InMemoryLocationService(time, TimeSpan.FromSeconds(10));
        var result = await service.ApplyAsync(Update("c", 1, ("sip:a@10.0.0.1", 30)));
        Assert.That(result.Status, Is.EqualTo(SipBindingUpdateStatus.Applied));
        Assert.That(service.Count, Is.EqualTo(1));
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.That(service.Count, Is.Zero);
        Assert.That(await service.LookupAsync(Aor), Is.Empty);
    }

    [Test]
    public async Task Apply_TooManyBindings_IsRefusedWithoutChange()
    {
        using var service = new InMemoryLocationService(new FakeTimeProvider()) { MaxBindingsPerAddressOfRecord = 1 };
        await service.ApplyAsync(Update("c", 1, ("sip:a@10.0.0.1", 30)));
        var result = await service.ApplyAsync(Update("c", 2, ("sip:a@10.0.0.2", 30)));
        Assert.That(result.Status, Is.EqualTo(SipBindingUpdateStatus.TooManyBindings));
        Assert.That((await service.LookupAsync(Aor)).Single().Contact.ToString(), Is.EqualTo("sip:a@10.0.0.1"));
    }

    [Test]
    public async Task Apply_RemoveAllWithOlderCSeqOnOneBinding_IsRefused()
    {
        using var service = new InMemoryLocationService(new FakeTimeProvider());
        await service.ApplyAsync(Update("c", 7, ("sip:a@10.0.0.1", 30)));
        var result = await service.ApplyAsync(new SipBindingUpdate(Aor, "c", 3, true, [], null, null));
        Assert.That(result.Status, Is.EqualTo(SipBindingUpdateStatus.OutOfOrder));
        Assert.That(await service.LookupAsync(Aor), Has.Count.EqualTo(1));
    }
}
