using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PoolDash.Web.Heartbeats;

/// <summary>
/// The agents' contract in the OpenAPI document. The heartbeat route stays a bare <see cref="RequestDelegate"/> with
/// no routing metadata (a typed handler's wrapper and a content-type policy both cost the hot path, measured), so the
/// document is told about it here rather than by the route.
/// </summary>
internal sealed class HeartbeatContract : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problem = new OpenApiResponse
        {
            Description = "Problem details with the XAPI-style code",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
        };
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Heartbeats", Description = "What a host's agent sends" });
        document.Paths ??= [];
        document.Paths[HeartbeatEndpoint.Path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Post] = new()
                {
                    Summary = "A host's heartbeat, with the host's own token as 'Authorization: Bearer <token>'; 204 when recorded.",
                    Tags = new HashSet<OpenApiTagReference> { new("Heartbeats", document) },
                    RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new()
                            {
                                Schema = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Object,
                                    Required = new HashSet<string> { "hostId" },
                                    Properties = new Dictionary<string, IOpenApiSchema> { ["hostId"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } },
                                },
                            },
                        },
                    },
                    Responses = new OpenApiResponses
                    {
                        ["204"] = new OpenApiResponse { Description = "Recorded" },
                        ["400"] = problem,
                        ["401"] = problem,
                        ["404"] = problem,
                        ["413"] = problem,
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
