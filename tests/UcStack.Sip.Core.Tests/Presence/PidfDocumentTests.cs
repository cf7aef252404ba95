using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Presence;

namespace UcStack.Sip.Tests.Presence;

[TestFixture]
public sealed class PidfDocumentTests
{
    private const int Cases = 500;

    [Test]
    public void Parse_Rfc3863Example_ReadsEntityStatusAndNote()
    {
        // The shape of RFC 3863 §5's example, with an extension element the reader must skip.
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:ext="urn:example:ext" entity="pres:someone@example.com">
              <tuple id="sg89ae">
                <status><basic>open</basic><ext:mood>happy</ext:mood></status>
                <contact priority="0.8">tel:+09012345678</contact>
              </tuple>
              <note xml:lang="en">Don't Disturb Please!</note>
            </presence>
            """;
        var document = PidfDocument.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.That(document, Is.EqualTo(new PidfDocument("pres:someone@example.com", PidfBasicStatus.Open, "Don't Disturb Please!")));
    }

    [Test]
    public void Parse_TupleNoteOnly_UsesIt() =>
        Assert.That(
            PidfDocument.Parse("""<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><tuple id="t"><status><basic>closed</basic></status><note>away</note></tuple></presence>"""u8).Note,
            Is.EqualTo("away"));

    [TestCase("""<!DOCTYPE presence [<!ENTITY x "boom">]><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><note>&x;</note></presence>""")]
    [TestCase("""<presence xmlns="urn:ietf:params:xml:ns:pidf"><tuple id="t"/></presence>""")]
    [TestCase("""<presence entity="sip:a@b"/>""")]
    [TestCase("""<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><tuple id="t"><status><basic>maybe</basic></status></tuple></presence>""")]
    [TestCase("""<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b">""")]
    [TestCase("")]
    public void Parse_DtdMissingEntityBadStatusOrTruncated_IsRefused(string xml)
    {
        Assert.That(PidfDocument.TryParse(Encoding.UTF8.GetBytes(xml), out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
        Assert.Throws<PidfFormatException>(() => PidfDocument.Parse(Encoding.UTF8.GetBytes(xml)));
    }

    [Test]
    public void Parse_LargerThanTheLimit_IsRefused()
    {
        var xml = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:a@b\"><note>" + new string('x', PidfDocument.MaxBytes) + "</note></presence>";
        Assert.That(PidfDocument.TryParse(Encoding.UTF8.GetBytes(xml), out _, out _), Is.False);
    }

    private static bool TryMake(string entity, bool open, string? note, out PidfDocument? document)
    {
        try
        {
            document = new PidfDocument(entity, open ? PidfBasicStatus.Open : PidfBasicStatus.Closed, note);
            return true;
        }
        catch (ArgumentException)
        {
            document = null;
            return false;
        }
    }

    private static readonly Gen<string> Text =
        Gen.Elements("a", "Z", " ", "\t", "\r", "\n", "<", ">", "&", "\"", "'", ":", "@", "é", "日本", "x y", "\u0001", "\uFFFE")
            .ArrayOf()
            .Select(parts => string.Concat(parts));

    [Test]
    public void RoundTrip_ParseOfWrite_IsTheDocument()
    {
        var documents =
            from entity in Text
            from open in Gen.Elements(true, false)
            from note in Gen.OneOf(Gen.Constant<string?>(null), Text.Select(t => (string?)t))
            select (entity, open, note);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(documents.ToArbitrary(), d =>
        {
            if (!TryMake("sip:" + d.entity, d.open, d.note, out var document)) return true;
            return PidfDocument.Parse(document!.ToBytes()) == document;
        }));
    }

    [Test]
    public void Parse_RandomBytes_NeverThrows() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
        {
            return PidfDocument.TryParse(bytes, out var document, out var error) ? document is not null : !string.IsNullOrEmpty(error);
        }));

    [Test]
    public void Parse_MutatedDocument_NeverThrows()
    {
        var valid = new PidfDocument("sip:alice@example.org", PidfBasicStatus.Open, "at lunch").ToBytes();
        var mutations =
            from position in Gen.Choose(0, valid.Length - 1)
            from value in Gen.Choose(0, 255)
            from length in Gen.Choose(0, valid.Length)
            select (position, value, length);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var bytes = (byte[])valid.Clone();
            bytes[m.position] = (byte)m.value;
            return PidfDocument.TryParse(bytes.AsSpan(0, m.length), out var document, out var error) ? document is not null : !string.IsNullOrEmpty(error);
        }));
    }
}
