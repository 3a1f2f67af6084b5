using Microsoft.AspNetCore.Mvc;
using PoolDash.Domain.Descriptions;
using PoolDash.Domain.Errors;

namespace PoolDash.Web.Problems;

/// <summary>
/// RFC 7807 answers with a <c>code</c> member holding the XAPI-style error name, its parameters, and what to do
/// next, so a script can branch on the name and a person can read the rest.
/// </summary>
internal static class ApiProblems
{
    public static IResult Of(int status, string code, string title, string nextStep, params string[] parameters) =>
        TypedResults.Problem(Details(status, code, title, nextStep, parameters));

    /// <summary>A refusal, with the status <see cref="ProblemStatus"/> gives it.</summary>
    public static IResult Of(XapiError error) => TypedResults.Problem(
        Details(ProblemStatus.For(error), error.Name, error.Message, error.NextStep, [.. error.Params]));

    /// <summary>A refusal at one of the gates an operation passes (request, role, state, confirmation, approval).</summary>
    public static IResult AtGate(string gate, int status, XapiError error) => TypedResults.Problem(WithGate(
        Details(status, error.Name, error.Message, error.NextStep, [.. error.Params]), gate));

    public static IResult AtGate(string gate, int status, string code, string title, string nextStep) =>
        TypedResults.Problem(WithGate(Details(status, code, title, nextStep, []), gate));

    public const string NotSignedInCode = XapiErrorNames.SessionAuthenticationFailed;
    public const string NotSignedInTitle = "Sign in first: no valid sign-in (or the user was deleted or is locked out)";
    public const string NotSignedInNextStep =
        "Send Authorization: Bearer <accessToken> from POST /api/v1/auth/login. A host's heartbeat token opens only POST /api/v1/heartbeats.";

    /// <summary>The API's one answer to a caller without a valid sign-in.</summary>
    public static IResult NotSignedIn() => Of(StatusCodes.Status401Unauthorized, NotSignedInCode, NotSignedInTitle, NotSignedInNextStep);

    private static ProblemDetails WithGate(ProblemDetails details, string gate)
    {
        details.Extensions["gate"] = gate;
        return details;
    }

    public static IResult InvalidDescription(IReadOnlyList<DescriptionProblem> problems)
    {
        var error = Xapi.InvalidPoolDescription(problems.Count);
        var details = Details(StatusCodes.Status400BadRequest, error.Name, error.Message, error.NextStep, []);
        details.Extensions["problems"] = problems.Select(p => new { path = p.Path, message = p.Message }).ToArray();
        return TypedResults.Problem(details);
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string nextStep, params string[] parameters)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Details(status, code, title, nextStep, parameters), (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json", context.RequestAborted);
    }

    private static ProblemDetails Details(int status, string code, string title, string nextStep, string[] parameters)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = nextStep, Type = $"urn:pooldash:error:{code}" };
        details.Extensions["code"] = code;
        if (parameters.Length > 0)
        {
            details.Extensions["params"] = parameters;
        }

        return details;
    }
}
