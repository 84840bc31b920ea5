// Path and query parameters shared by several operations.
import { z } from "zod";

export const positiveId = (description: string) =>
  z.coerce
    .number({ message: "must be a positive whole number" })
    .int("must be a positive whole number")
    .positive("must be a positive whole number")
    .meta({ description });

export const assessmentParams = z.object({ id: positiveId("The assessment's id.") });
export const organisationParams = assessmentParams.extend({ organisationId: positiveId("The organisation's id.") });
