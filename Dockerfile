# PoolDash: build with the SDK, run on the ASP.NET runtime as a non-root user on port 8080.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore as its own layer: it changes only when a project file or a package version does.
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/PoolDash.Domain/PoolDash.Domain.csproj src/PoolDash.Domain/
COPY src/PoolDash.Web/PoolDash.Web.csproj src/PoolDash.Web/
# The embedded demo is the XAPI emulator, referenced by the Web project.
COPY tools/PoolDash.XapiEmulator/PoolDash.XapiEmulator.csproj tools/PoolDash.XapiEmulator/
RUN dotnet restore src/PoolDash.Web/PoolDash.Web.csproj
# The top-level wwwroot/ is linked into the Web project, so it must be there before publish.
COPY wwwroot/ wwwroot/
# So is the dom0 agent, which the app serves at /agent/ for the install commands.
COPY agent/ agent/
COPY src/ src/
COPY tools/PoolDash.XapiEmulator/ tools/PoolDash.XapiEmulator/
RUN dotnet publish src/PoolDash.Web/PoolDash.Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    PoolDash__DataDirectory=/data
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl: the app probes itself.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["dotnet", "PoolDash.Web.dll", "healthcheck", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "PoolDash.Web.dll"]
