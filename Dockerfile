# SALUS Setup for Procore. The build and start steps are scripts/image.sh, which CI runs as is
# (scripts/prod-check.sh): no Docker engine runs on our build machines, so this file only calls it.

# --- build: every dependency, then the SPA (dist/) and the compiled server (dist-server/) -------
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY . .
# The commit to stamp into the build (the context usually has no .git): --build-arg SOURCE_COMMIT=…
ARG SOURCE_COMMIT=unknown
ENV SOURCE_COMMIT=${SOURCE_COMMIT}
RUN scripts/image.sh build

# --- run: the production install only (no Vite, no tsx, no fake Procore), as a non-root user ----
FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-server ./dist-server
COPY --from=build /app/scripts/start.mjs /app/scripts/image.sh ./scripts/
RUN scripts/image.sh install && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["scripts/image.sh", "start"]
