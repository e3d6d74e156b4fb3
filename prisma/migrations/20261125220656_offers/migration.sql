-- CreateEnum
CREATE TYPE "OfferKind" AS ENUM ('DIPLOMA', 'CERTIFICATION', 'CQP', 'TRAINING_COURSE', 'WORKSHOP', 'FABLAB', 'MOBILE_FABLAB', 'MEDIATHEQUE', 'MJC', 'DIGITAL_SPACE', 'CRIJ_WORKSHOP');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('YOUTH_16_25', 'JOB_SEEKERS', 'EMPLOYEES', 'EVERYONE');

-- CreateEnum
CREATE TYPE "Recruitment" AS ENUM ('OPEN', 'CLOSED', 'SUSPENDED');

-- CreateTable
CREATE TABLE "provider" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "siret" VARCHAR(14),
    "contact" TEXT,
    "website" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "content_hash" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "kind" "OfferKind" NOT NULL,
    "formal" BOOLEAN NOT NULL,
    "provider_id" UUID,
    "rome_codes" TEXT[],
    "formacodes" TEXT[],
    "nsf_codes" TEXT[],
    "audiences" "Audience"[],
    "modality" "Modality",
    "free" BOOLEAN NOT NULL DEFAULT false,
    "cpf" BOOLEAN NOT NULL DEFAULT false,
    "funding_possible" BOOLEAN NOT NULL DEFAULT false,
    "cost_euros" DOUBLE PRECISION,
    "accessibility" TEXT,
    "sign_up" TEXT,
    "url" TEXT,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer_place" (
    "id" UUID NOT NULL,
    "offer_id" UUID NOT NULL,
    "source_id" TEXT,
    "name" TEXT,
    "address" TEXT,
    "commune_insee" VARCHAR(5),
    "commune_name" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,

    CONSTRAINT "offer_place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer_session" (
    "id" UUID NOT NULL,
    "offer_id" UUID NOT NULL,
    "place_id" UUID,
    "source_id" TEXT,
    "start" DATE,
    "end" DATE,
    "recruitment" "Recruitment" NOT NULL DEFAULT 'OPEN',

    CONSTRAINT "offer_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_siret_key" ON "provider"("siret");

-- CreateIndex
CREATE INDEX "provider_name_idx" ON "provider"("name");

-- CreateIndex
CREATE INDEX "offer_kind_idx" ON "offer"("kind");

-- CreateIndex
CREATE INDEX "offer_rome_codes_idx" ON "offer" USING GIN ("rome_codes");

-- CreateIndex
CREATE UNIQUE INDEX "offer_source_source_id_key" ON "offer"("source", "source_id");

-- CreateIndex
CREATE INDEX "offer_place_offer_id_idx" ON "offer_place"("offer_id");

-- CreateIndex
CREATE INDEX "offer_place_commune_insee_idx" ON "offer_place"("commune_insee");

-- CreateIndex
CREATE INDEX "offer_session_offer_id_idx" ON "offer_session"("offer_id");

-- CreateIndex
CREATE INDEX "offer_session_start_idx" ON "offer_session"("start");

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_place" ADD CONSTRAINT "offer_place_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_session" ADD CONSTRAINT "offer_session_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer_session" ADD CONSTRAINT "offer_session_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "offer_place"("id") ON DELETE SET NULL ON UPDATE CASCADE;
