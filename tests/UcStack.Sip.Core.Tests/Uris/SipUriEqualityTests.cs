namespace UcStack.Sip.Tests.Uris;

/// <summary>RFC 3261 §19.1.4: the equal and unequal URI sets quoted from the RFC text.</summary>
[TestFixture]
public sealed class SipUriEqualityTests
{
    private static readonly string[][] EquivalentSets =
    [
        ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
        ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
        ["sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"],
        ["sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
    ];

    private static readonly string[][] DifferentPairs =
    [
        ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"],
        ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"],
        ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"],
        ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"],
        ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"],
        ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"],
    ];

    private static IEnumerable<TestCaseData> EquivalentPairs()
    {
        foreach (var set in EquivalentSets)
        {
            for (var i = 0; i < set.Length; i++)
            {
                for (var j = 0; j < set.Length; j++)
                {
                    if (i != j) yield return new TestCaseData(set[i], set[j]);
                }
            }
        }
    }

    private static IEnumerable<TestCaseData> Different() => DifferentPairs.Select(p => new TestCaseData(p[0], p[1]));

    [TestCaseSource(nameof(EquivalentPairs))]
    public void Equals_Rfc3261EquivalentSet_AreEqualWithSameHash(string a, string b)
    {
        var x = AddressUri.Parse(a);
        var y = AddressUri.Parse(b);
        Assert.That(x.Equals(y), Is.True);
        Assert.That(x.GetHashCode(), Is.EqualTo(y.GetHashCode()));
    }

    [TestCaseSource(nameof(Different))]
    public void Equals_Rfc3261DifferentSet_AreNotEqual(string a, string b)
    {
        var x = AddressUri.Parse(a);
        var y = AddressUri.Parse(b);
        Assert.That(x.Equals(y), Is.False);
        Assert.That(y.Equals(x), Is.False);
    }

    [Test]
    public void Equals_IsNotTransitive_AsTheRfcNotes()
    {
        var plain = AddressUri.Parse("sip:carol@chicago.com");
        var on = AddressUri.Parse("sip:carol@chicago.com;security=on");
        var off = AddressUri.Parse("sip:carol@chicago.com;security=off");
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(on));
            Assert.That(plain, Is.EqualTo(off));
            Assert.That(on, Is.Not.EqualTo(off));
        });
    }

    [TestCase("sip:user@example.com", "sips:user@example.com")]
    [TestCase("sip:example.com", "sip:user@example.com")]
    [TestCase("sip:user@example.com", "sip:user:pw@example.com")]
    [TestCase("sip:user:pw@example.com", "sip:user:PW@example.com")]
    [TestCase("sip:example.com", "sip:example.com;maddr=192.0.2.1")]
    [TestCase("sip:example.com", "sip:example.com;ttl=1")]
    [TestCase("sip:example.com", "sip:example.com;user=ip")]
    [TestCase("sip:example.com", "sip:example.com;method=INVITE")]
    [TestCase("sip:example.com;foo=1", "sip:example.com;foo=2")]
    [TestCase("sip:example.com;lr", "sip:example.com;lr=on")]
    [TestCase("sip:a%3Bb@example.com", "sip:a;b@example.com")]
    [TestCase("sip:example.com?a=1", "sip:example.com?a=1&b=2")]
    [TestCase("sip:example.com?a=x", "sip:example.com?a=X")]
    public void Equals_ComponentDiffers_NotEqual(string a, string b)
    {
        Assert.That(AddressUri.Parse(a), Is.Not.EqualTo(AddressUri.Parse(b)));
        Assert.That(AddressUri.Parse(b), Is.Not.EqualTo(AddressUri.Parse(a)));
    }

    [TestCase("sip:%75se%72@example.com", "sip:user@example.com")]
    [TestCase("sip:user@example.com;%6C%72", "sip:user@example.com;lr")]
    [TestCase("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31", "sip:caller@host5.example.net;lr;name=value%2541")]
    [TestCase("sip:user@[2001:DB8::10]", "sip:user@[2001:db8:0:0::10]")]
    [TestCase("sip:user@[::ffff:192.0.2.1]", "sip:user@[::FFFF:c000:0201]")]
    [TestCase("sip:user@[2001:db8:::192.0.2.1]", "sip:user@[2001:db8::192.0.2.1]")]
    [TestCase("sip:user:p%61ss@example.com", "sip:user:pass@example.com")]
    [TestCase("sip:example.com?Subject=x", "sip:example.com?subject=x")]
    public void Equals_EquivalentSpelling_Equal(string a, string b)
    {
        var x = AddressUri.Parse(a);
        var y = AddressUri.Parse(b);
        Assert.That(x, Is.EqualTo(y));
        Assert.That(x.GetHashCode(), Is.EqualTo(y.GetHashCode()));
    }

    [Test]
    public void Equals_EscapedNulUsers_CompareByOctets()
    {
        // RFC 4475 §3.1.1.4 escnull: %00 and %00%00 are different users.
        Assert.That(AddressUri.Parse("sip:%00@host5.example.com"), Is.Not.EqualTo(AddressUri.Parse("sip:%00%00@host5.example.com")));
        var a = AddressUri.Parse("sip:null-%00-null@example.com");
        var b = AddressUri.Parse("sip:null-%00-null@example.com");
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Equals_OtherTypesAndNull_False()
    {
        var sip = AddressUri.Parse("sip:user@example.com");
        AddressUri? none = null;
        var tel = AddressUri.Parse("tel:+1-201-555-0123");
        object text = "sip:user@example.com";
        Assert.Multiple(() =>
        {
            Assert.That(sip.Equals(none), Is.False);
            Assert.That(sip.Equals(text), Is.False);
            Assert.That(sip.Equals(tel), Is.False);
        });
    }
}
