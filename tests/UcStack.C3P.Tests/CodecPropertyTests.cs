using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.C3P.Tests;

/// <summary>Round trips of generated models and garbage that must stay inside <see cref="C3PParseException"/>.</summary>
public sealed class CodecPropertyTests
{
    private static Config Runs(int ci) => Config.QuickThrowOnFailure.WithMaxTest(Generators.MaxTest(ci));

    [Test]
    public void C3P_ParseOfWrite_IsTheSameMessage()
    {
        Check.One(Runs(300), Prop.ForAll(Generators.Message.ToArbitrary(), message =>
        {
            var compact = C3PXml.Parse(C3PXml.Write(message));
            var indented = C3PXml.Parse(C3PXml.Write(message, indent: true));
            return compact.Equals(message) && indented.Equals(message);
        }));
    }

    [Test]
    public void ConferenceInfo_ParseOfWrite_IsTheSameDocument()
    {
        Check.One(Runs(300), Prop.ForAll(Generators.ConferenceInfo.ToArbitrary(), document =>
            ConferenceInfoXml.Parse(ConferenceInfoXml.Write(document)).Equals(document)
            && ConferenceInfoXml.Parse(ConferenceInfoXml.Write(document, indent: true)).Equals(document)));
    }

    private static bool OnlyParseErrors(byte[] bytes)
    {
        try
        {
            C3PXml.Parse(bytes);
        }
        catch (C3PParseException)
        {
        }

        try
        {
            ConferenceInfoXml.Parse(bytes);
        }
        catch (C3PParseException)
        {
        }

        return true;
    }

    private static Gen<byte[]> RandomBytes { get; } =
        from n in Gen.Choose(0, 300)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n)
        select bytes;

    /// <summary>Valid documents with a few bytes changed, removed or inserted: the interesting inputs are near-valid.</summary>
    private static Gen<byte[]> Mutated()
    {
        var seeds = Fixtures.C3PNames().Select(n => Fixtures.Bytes("c3p", n))
            .Concat(Fixtures.ConferenceInfoNames().Select(n => Fixtures.Bytes("conference-info", n))).ToArray();
        var inserts = new[] { "<", ">", "&", "\"", "'", "/", "<!DOCTYPE x>", "<![CDATA[", "]]>", "&#0;", "&#x10FFFF;", "xmlns:a=\"\"", "\0", "\u00e9" }
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var edit = from kind in Gen.Choose(0, 3)
                   from position in Gen.Choose(0, int.MaxValue)
                   from value in Gen.Choose(0, 255)
                   from length in Gen.Choose(1, 40)
                   from insert in Gen.Elements(inserts)
                   select (kind, position, value, length, insert);
        return from seed in Gen.Elements(seeds)
               from count in Gen.Choose(1, 4)
               from edits in edit.ArrayOf(count)
               select edits.Aggregate(seed, (bytes, e) =>
               {
                   if (bytes.Length == 0)
                   {
                       return e.insert;
                   }

                   var at = e.position % bytes.Length;
                   return e.kind switch
                   {
                       0 => [.. bytes[..at], (byte)e.value, .. bytes[(at + 1)..]],
                       1 => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + e.length)..]],
                       2 => [.. bytes[..at], .. e.insert, .. bytes[at..]],
                       _ => bytes[..at],
                   };
               });
    }

    [Test]
    public void Parse_RandomBytes_NeverEscapesTheParseError()
    {
        Check.One(Runs(2000), Prop.ForAll(RandomBytes.ToArbitrary(), OnlyParseErrors));
    }

    [Test]
    public void Parse_MutatedFixtures_NeverEscapesTheParseError()
    {
        Check.One(Runs(3000), Prop.ForAll(Mutated().ToArbitrary(), OnlyParseErrors));
    }

    [Test]
    public void Parse_GeneratedThenMutated_NeverEscapesTheParseError()
    {
        var gen = from message in Generators.Message
                  from cut in Gen.Choose(0, int.MaxValue)
                  from flip in Gen.Choose(0, 255)
                  let bytes = C3PXml.Write(message)
                  let at = cut % bytes.Length
                  select (byte[])[.. bytes[..at], (byte)flip, .. bytes[(at + 1)..]];
        Check.One(Runs(500), Prop.ForAll(gen.ToArbitrary(), OnlyParseErrors));
    }
}
