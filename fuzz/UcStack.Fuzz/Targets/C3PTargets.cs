using UcStack.C3P;

namespace UcStack.Fuzz;

/// <summary>C3P message and conference-info XML targets. Their one error type is C3PParseException (a false TryParse).</summary>
internal static class C3PTargets
{
    public static void Message(byte[] input)
    {
        if (!C3PXml.TryParse(input, out var message, out _))
        {
            return;
        }

        _ = message.ToString() + message.GetHashCode();

        // A focus relays what it accepted: the written form must parse back to the same message.
        var written = C3PXml.Write(message);
        if (!C3PXml.TryParse(written, out var again, out var error) || !again.Equals(message))
        {
            throw new FuzzInvariantException($"the written form of an accepted C3P message does not parse back to it: {error?.Message}");
        }
    }

    public static void ConferenceInfo(byte[] input)
    {
        if (!ConferenceInfoXml.TryParse(input, out var document, out _))
        {
            return;
        }

        _ = document.ToString() + document.GetHashCode();
        var written = ConferenceInfoXml.Write(document);
        if (!ConferenceInfoXml.TryParse(written, out var again, out var error) || !again.Equals(document))
        {
            throw new FuzzInvariantException($"the written form of an accepted conference-info document does not parse back to it: {error?.Message}");
        }
    }
}
