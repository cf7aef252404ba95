namespace UcStack.C3P;

/// <summary>Reads the C3P envelope; the command bodies are in <see cref="C3PCommandReader"/>.</summary>
internal static class C3PMessageReader
{
    private const string Cccp = C3PNamespaces.Cccp;

    internal static C3PMessage Read(XmlInput input)
    {
        // Either root is acceptable here; MoveToRoot checks the name, so look before choosing what to expect.
        while (input.Advance())
        {
            if (input.Reader.NodeType == System.Xml.XmlNodeType.Element)
            {
                break;
            }
        }

        if (input.Reader.NodeType != System.Xml.XmlNodeType.Element)
        {
            throw input.Error(C3PParseErrorReason.MalformedXml, "no root element");
        }

        if (input.Namespace != Cccp || input.LocalName is not ("request" or "response"))
        {
            throw input.Error(C3PParseErrorReason.UnexpectedRoot, $"{{{input.Namespace}}}{input.LocalName}; expected {{{Cccp}}}request or response");
        }

        var isResponse = input.LocalName == "response";
        string? requestId = null, from = null, to = null, version = null, code = null, reason = null;
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            switch (ns, name)
            {
                case ("", "requestId"):
                    requestId = value;
                    break;
                case ("", "from"):
                    from = value;
                    break;
                case ("", "to"):
                    to = value;
                    break;
                case ("", "C3PVersion"):
                    version = value;
                    break;
                case ("", "code") when isResponse:
                    code = value;
                    break;
                case ("", "reason") when isResponse:
                    reason = value;
                    break;
                default:
                    XmlInput.Keep(ref extra, ns, name, value);
                    break;
            }
        }

        var root = isResponse ? "response" : "request";
        // [MS-CONFPRO] §2.2.2/§2.2.3: requestId, from and to are required on both envelopes; code on a response.
        var id = input.ParseUInt64(requestId ?? throw input.MissingAttribute(root, "requestId"), "requestId");
        if (from is null)
        {
            throw input.MissingAttribute(root, "from");
        }

        if (to is null)
        {
            throw input.MissingAttribute(root, "to");
        }

        C3PResponseCode responseCode = default;
        if (isResponse)
        {
            responseCode = code switch
            {
                null => throw input.MissingAttribute(root, "code"),
                "success" => C3PResponseCode.Success,
                "failure" => C3PResponseCode.Failure,
                "pending" => C3PResponseCode.Pending,
                _ => throw input.Error(C3PParseErrorReason.InvalidAttribute, $"response code=\"{XmlInput.Truncate(code)}\" is not success or failure"),
            };
        }

        C3PCommand? command = null;
        if (input.Enter(out var depth))
        {
            while (input.NextChild(depth))
            {
                if (command is not null)
                {
                    throw input.Error(C3PParseErrorReason.CommandCount, $"a second command <{input.LocalName}> after <{command.Name}>");
                }

                command = C3PCommandReader.Read(input);
            }
        }

        if (command is null)
        {
            throw input.Error(C3PParseErrorReason.CommandCount, $"<{root}> holds no command");
        }

        input.ReadToEnd();
        if (!isResponse)
        {
            C3PCommandReader.CheckRequest(input, command);
            return new C3PRequest { RequestId = id, From = from, To = to, C3PVersion = version, Command = command, ExtraAttributes = XmlInput.ToList(extra) };
        }

        return new C3PResponse
        {
            RequestId = id,
            From = from,
            To = to,
            C3PVersion = version,
            Code = responseCode,
            Reason = reason,
            Command = command,
            ExtraAttributes = XmlInput.ToList(extra),
        };
    }
}
