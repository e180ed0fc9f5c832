# One image for every role of the service; the command picks it:
#   worker   node dist/workers/main.js
#   server   node dist/client/server/main.js   (the default)
#   CLI      node dist/client/cli/main.js <command>
# Configuration comes from the environment (.env.example lists every variable).

# --- build: every dependency, compile to dist/ and prebuild the workflow bundle -------------
FROM node:20 AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and dist/ only (no TypeScript, no tsx) ----------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# The worker runs the bundle built above, the very code the build compiled. Containers listen
# on every interface (the local default, 127.0.0.1, would be unreachable from other containers).
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    HTTP_HOST=0.0.0.0 \
    PATH=/app/bin:$PATH
# The node images' unprivileged user; nothing in /app is writable by it.
USER node
EXPOSE 3000
# The server's GET /healthz, or the worker's when WORKER_HEALTH_PORT is set (scripts/healthcheck.ts).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "dist/scripts/healthcheck.js"]
CMD ["node", "dist/client/server/main.js"]
